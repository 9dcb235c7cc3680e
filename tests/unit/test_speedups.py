"""The action-response validation speed fix keeps Rasa's behaviour."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import channels  # noqa: F401  (installs the fix)
from channels import speedups


@pytest.fixture
def action():
    return RemoteAction("action_answer", None)


def test_the_fix_is_installed():
    assert RemoteAction._validate_action_result is speedups._validate_action_result


def test_blas_threads_follow_the_setting(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    before = {pool["filepath"]: pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}
    try:
        monkeypatch.setenv("BLAS_THREADS", "1")
        speedups.install()
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    finally:
        threadpool_limits(limits=max(before.values(), default=1), user_api="blas")


def test_a_valid_response_passes(action):
    response = {"events": [{"event": "slot", "name": "topic", "value": "mrd_overview", "timestamp": None}],
                "responses": [{"text": "hi"}]}
    assert action._validate_action_result(response)


def test_an_invalid_response_fails_with_rasas_message(action):
    with pytest.raises(ValidationError) as failure:
        action._validate_action_result({"events": [{"event": "no_such_event"}], "responses": []})
    assert "Failed to validate Action server response" in failure.value.message


def test_event_names_resolve_as_rasa_resolves_them():
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("user") is UserUttered  # the remembered answer


def test_an_unknown_event_name_keeps_rasas_default_and_error():
    from rasa.shared.core.events import Event, SlotSet

    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert "no_such_event" not in speedups._event_classes


def test_a_stored_conversation_reads_back_the_same():
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    events = [ActionExecuted("action_listen"), UserUttered("what is MRD", {"name": "ask_what_is"}),
              SlotSet("topic", "mrd_overview"), ActionExecuted("action_answer")]
    stored = DialogueStateTracker.from_events("s", events).current_state(EventVerbosity.ALL)["events"]
    again = DialogueStateTracker.from_dict("s", stored)
    assert [type(e) for e in again.events] == [type(e) for e in events]
    assert again.latest_message.text == "what is MRD"
