"""Measured speed fixes for Rasa 3.6, installed when the project's channels
are loaded by the Rasa server.

1. Rasa validates every action server response with `jsonschema.validate`,
which re-checks the (constant) schema itself on every call; profiling showed
that taking about 60% of the time of a whole message (see README, Figures).
Here the validator is built once per schema and reused: the same schema, the
same validator class, the same errors.

2. Every stored event is turned back into its class by `Event.resolve_by_type`,
which walks all subclasses of `Event` (with `inspect.isabstract` on each)
for every event of every turn: 9% of the Rasa server's busy time in session
6's profile (py-spy, one user). Here a name found once is remembered; an
unknown name still goes through Rasa's own lookup, so its errors and
defaults are unchanged.

3. `BLAS_THREADS` (when set) caps NumPy's BLAS threads. Where replicas
share cores, a second BLAS thread mostly spins and takes the core another
replica or the action server needs. Session 7, 2 cores: `benchmarks/load.py`
saturation with 2 replicas 40.2 msg/s with two BLAS threads, 48.6 with one.
For one process alone the cap made no difference beyond the machine's noise
(`benchmarks/speed.py`, one user: p95 52-69 ms either way), so only the
production manifests and the load benchmark set it.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Dict, Optional, Text

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

_original = RemoteAction._validate_action_result
_original_resolve = Event.resolve_by_type
_event_classes: Dict[Text, type] = {}


@lru_cache(maxsize=8)
def _validator(action_class: type) -> Any:
    """One validator per action class: the response schema is a constant."""
    from jsonschema.validators import validator_for

    schema = action_class.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError

    try:
        _validator(type(self)).validate(result)
        return True
    except ValidationError:
        return _original(self, result)  # Rasa's own path words the error for its users


def _resolve_by_type(type_name: Text, default: Optional[type] = None) -> Optional[type]:
    """`Event.resolve_by_type`, remembering each class it finds by name."""
    cls = _event_classes.get(type_name)
    if cls is None:
        cls = _original_resolve(type_name, default)
        if cls is not None and getattr(cls, "type_name", None) == type_name:
            _event_classes[type_name] = cls
    return cls


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    threads = os.environ.get("BLAS_THREADS", "").strip()
    if threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=int(threads), user_api="blas")  # kept for the process's life
