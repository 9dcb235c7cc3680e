"""What the channels do after a turn, in one place (`after_turn`).

Storage failure: the project's tracker store reports a turn it could not read
or save, and the channel answers 503 (nothing of the turn was stored, so the
person can simply send it again).

Silent turn: a turn that produced no answer.

When the action server is down, Rasa logs the error, keeps predicting until
its circuit breaker trips, and leaves the conversation without a closing
`action_listen`. The next message then matches no rule, even after the
action server is back. The channels call this after such a turn so that the
first message after recovery is answered normally."""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from rasa.shared.core.events import ActionExecuted

from stores.tracker_store import project_store

ANSWERED, SILENT, UNSTORED = "answered", "silent", "unstored"
UNAVAILABLE = "The assistant cannot save conversations right now. Nothing was lost; please send your message again in a moment."

logger = logging.getLogger(__name__)


async def close_silent_turn(agent: Any, sender_id: str) -> None:
    """Ends the sender's turn with action_listen, under the conversation lock."""
    if agent is None or agent.tracker_store is None:
        return
    try:
        async with agent.lock_store.lock(sender_id):
            tracker = await agent.tracker_store.retrieve(sender_id)
            if tracker is None:
                return
            last = next((e for e in reversed(tracker.events) if isinstance(e, ActionExecuted)), None)
            if last is not None and last.action_name != "action_listen":
                tracker.update(ActionExecuted("action_listen"))
                await agent.tracker_store.save(tracker)
    except Exception as error:  # repair is best effort; never turn it into an error for the person
        logger.warning("could not close a silent turn: %s", type(error).__name__)


def storage_failed(agent: Any, sender_id: str) -> bool:
    """True when the tracker store could not read or save this sender's turn."""
    store = project_store(getattr(agent, "tracker_store", None))
    return bool(store and store.turn_failed(sender_id))


def only_opening(messages: list) -> bool:
    """True when nothing but the opening note was said: the answer itself is
    missing (for example the action server is down)."""
    return all((m.get("custom") or m.get("metadata") or {}).get("answer_kind") == "disclaimer" for m in messages)


def trouble_message(recipient: Optional[str]) -> Dict[str, Any]:
    """Said when the assistant could not produce an answer (e.g. the action
    server is down), so the person is never left with silence."""
    return {
        "recipient_id": recipient,
        "text": "Sorry, I'm having trouble answering right now. Please try again in a moment.",
        "custom": {"answer_kind": "trouble"},
    }


async def after_turn(agent: Any, sender_id: str, answered: bool) -> str:
    """How the turn ended, for the channel to answer accordingly:

    UNSTORED  the store could not read or save it: answer 503 (nothing stored);
    SILENT    no answer came: say `trouble_message`; the conversation is repaired;
    ANSWERED  otherwise.
    """
    if storage_failed(agent, sender_id):
        return UNSTORED
    if not answered:
        await close_silent_turn(agent, sender_id)
        return SILENT
    return ANSWERED
