"""SQL tracker store (SQLite by default, PostgreSQL in production) that

- masks identifiers in user messages before they are stored, which covers
  channels the project does not own, such as `rasa shell` (the project's own
  channels mask before Rasa sees the text);
- deletes a conversation when the person asks (`action_delete_conversation`);
- purges conversations older than a given age (scripts/purge_conversations.py).
"""
from __future__ import annotations

import time
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.masking import mask_identifiers

DELETE_ACTION = "action_delete_conversation"


def mask_tracker(tracker: DialogueStateTracker) -> None:
    """Masks the text of every user message of the tracker, in place."""
    for event in tracker.events:
        if isinstance(event, UserUttered) and event.text:
            masked = mask_identifiers(event.text)
            if masked != event.text:
                event.text = masked
                event.parse_data["text"] = masked


def deletion_requested(tracker: DialogueStateTracker) -> bool:
    """True when the latest action was the person's request to delete."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name != "action_listen":
            return event.action_name == DELETE_ACTION
    return False


class MaskingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with masking on save, deletion on request, and purge."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if deletion_requested(tracker):
            self.delete_conversation(tracker.sender_id)
            return
        mask_tracker(tracker)
        await super().save(tracker)

    def delete_conversation(self, sender_id: str) -> int:
        """Removes every stored event of one conversation; returns how many."""
        with self.session_scope() as session:
            count = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        return count

    def purge_older_than(self, seconds: float) -> int:
        """Removes conversations whose latest event is older than `seconds`;
        returns how many conversations were removed."""
        from sqlalchemy import func

        cutoff = time.time() - seconds
        with self.session_scope() as session:
            stale = [
                sender
                for sender, latest in session.query(self.SQLEvent.sender_id, func.max(self.SQLEvent.timestamp))
                .group_by(self.SQLEvent.sender_id)
                .all()
                if latest is not None and latest < cutoff
            ]
            for sender in stale:
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender).delete()
            session.commit()
        return len(stale)
