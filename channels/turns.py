"""The one place that runs a turn for every channel.

A channel parses its wire format, then calls `run_turn`; what can go wrong
while Rasa handles the message (an exception, a cancelled request, a store
that could not save, an action server that is down) is mapped here to an
outcome the channel words in its own format. `http_reply` does that wording
for the two HTTP channels (REST and portal)."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import UserMessage

from channels.identity import log_id
from channels.recovery import SILENT, UNAVAILABLE, UNSTORED, after_turn, trouble_message

logger = logging.getLogger(__name__)


async def run_turn(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage,
                   agent: Any, answered: Callable[[], bool]) -> str:
    """Handles one message and returns how the turn ended (see
    `channels.recovery.after_turn`). Never raises for a failure inside Rasa:
    the log names the error type and a hash of the conversation, never the text."""
    channel = message.input_channel or "channel"
    try:
        await on_new_message(message)
    except asyncio.CancelledError:
        logger.error("%s: message handling was cancelled (conversation %s)", channel, log_id(message.sender_id))
    except Exception as error:
        logger.error("%s: message handling failed (conversation %s): %s", channel, log_id(message.sender_id),
                     type(error).__name__)
    return await after_turn(agent, message.sender_id, answered())


def http_reply(outcome: str, messages: List[Dict[str, Any]],
               reply_to: Optional[str]) -> Tuple[Any, int, Dict[str, str]]:
    """(body, status, headers) for an HTTP channel: the answers, the trouble
    note after a silent turn, or 503 when nothing could be stored. Each
    message names the client's own id (`reply_to`), not the stored one."""
    if outcome == UNSTORED:
        return {"error": UNAVAILABLE, "status": 503}, 503, {"Retry-After": "5"}
    if outcome == SILENT:
        messages = messages + [trouble_message(reply_to)]
    for message in messages:
        if "recipient_id" in message:
            message["recipient_id"] = reply_to
    return messages, 200, {}
