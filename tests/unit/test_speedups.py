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


def test_a_valid_response_passes(action):
    response = {"events": [{"event": "slot", "name": "topic", "value": "mrd_overview", "timestamp": None}],
                "responses": [{"text": "hi"}]}
    assert action._validate_action_result(response)


def test_an_invalid_response_fails_with_rasas_message(action):
    with pytest.raises(ValidationError) as failure:
        action._validate_action_result({"events": [{"event": "no_such_event"}], "responses": []})
    assert "Failed to validate Action server response" in failure.value.message
