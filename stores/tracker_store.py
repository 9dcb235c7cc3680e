"""SQL tracker store (SQLite by default, PostgreSQL in production) that

- masks identifiers in user messages before they are stored, which covers
  channels the project does not own, such as `rasa shell` (the project's own
  channels mask before Rasa sees the text);
- deletes a conversation when the person asks (`action_delete_conversation`);
- purges conversations older than a given age (scripts/purge_conversations.py);
- notices when the database is unreachable, so the channels can answer 503
  instead of Rasa's silent fallback (a fresh, context-less conversation held
  only in memory), and never writes a turn whose history it could not read.
"""
from __future__ import annotations

import time
from typing import Any, Optional, Set

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs
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
            # The passage ranker keeps each question of a message as text too.
            for part in event.parse_data.get("question_parts") or []:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    part["text"] = mask_identifiers(part["text"])


def deletion_requested(tracker: DialogueStateTracker) -> bool:
    """True when the latest action was the person's request to delete."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name != "action_listen":
            return event.action_name == DELETE_ACTION
    return False


class StoreUnavailable(RuntimeError):
    """The conversation could not be read or written."""


class MaskingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with masking on save, deletion on request, purge, and
    outage detection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Check pooled connections before use, so the store recovers by itself
        # when the database comes back, without a restart.
        url = self.engine.url
        self.engine = sa.create_engine(url, pool_pre_ping=True, pool_recycle=300, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._unreadable: Set[str] = set()
        self._unsaved: Set[str] = set()

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        try:
            tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        except Exception:
            self._unreadable.add(sender_id)
            raise
        self._unreadable.discard(sender_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender = tracker.sender_id
        if sender in self._unreadable:
            # Its history could not be read: writing this turn would start the
            # conversation over and lose its context.
            self._unsaved.add(sender)
            raise StoreUnavailable(f"history of {sender} was not readable")
        if deletion_requested(tracker):
            self.delete_conversation(sender)
            return
        mask_tracker(tracker)
        try:
            await super().save(tracker)
        except Exception:
            self._unsaved.add(sender)
            raise
        self._unsaved.discard(sender)

    def turn_failed(self, sender_id: str) -> bool:
        """True (once) when this sender's last turn could not be read or saved."""
        failed = sender_id in self._unsaved or sender_id in self._unreadable
        self._unsaved.discard(sender_id)
        self._unreadable.discard(sender_id)
        return failed

    def ping(self) -> None:
        """Raises when the database does not answer."""
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))

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


def project_store(tracker_store: Optional[TrackerStore]) -> Optional[MaskingSQLTrackerStore]:
    """The project's store inside Rasa's fail-safe wrapper, if it is in use."""
    inner = getattr(tracker_store, "_tracker_store", tracker_store)
    return inner if isinstance(inner, MaskingSQLTrackerStore) else None
