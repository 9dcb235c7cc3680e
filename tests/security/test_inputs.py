"""Inputs that once gave a 500 or reached NLU: deep nesting, invisible
characters, token claims of the wrong type."""
import json
import time

import jwt
import pytest

from channels.inputs import MAX_JSON_DEPTH, BadRequest, check_text, json_depth, parse_json_body
from channels.portal import PortalSettings, Unauthorized, verify_token

SECRET = "unit-test-secret"


def test_deep_nesting_is_refused_before_parsing():
    body = ("[" * 5000 + "]" * 5000).encode()
    with pytest.raises(BadRequest) as refused:
        parse_json_body(body, 10**6)
    assert refused.value.status == 400 and "levels deep" in refused.value.message


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"sender": "s1", "message": "[" * 500 + "{" * 500})
    assert json_depth(text) <= 1
    assert parse_json_body(text.encode(), 10**6)["message"].startswith("[[[")


def test_nesting_is_counted_and_ordinary_nesting_passes():
    assert json_depth("[" * 40 + "]" * 40) == MAX_JSON_DEPTH + 1  # counting stops just past the limit
    nested = json.dumps({"a": [[{"b": [1]}]]})
    assert parse_json_body(nested.encode(), 10**6)["a"][0][0]["b"] == [1]


@pytest.mark.parametrize("text", ["\x00\x00\x00", "\ud800", "\x00\ud83d", "\u200b" * 0 + "\x07\x1b\x7f", "\ufffe\uffff"])
def test_only_invisible_characters_is_empty(text):
    with pytest.raises(BadRequest) as refused:
        check_text(text, 20000)
    assert refused.value.status == 400 and "empty" in refused.value.message


def test_invisible_characters_are_stripped_from_real_text():
    assert check_text("what is\x00 MRD\ud800?\n", 20000) == "what is MRD?\n"


def settings():
    return PortalSettings({"jwt_secret": SECRET})


def signed(**claims):
    now = int(time.time())
    base = {"sub": "a3f9c2e1b7d84f60a3f9c2e1b7d84f60", "aud": "b-all-guide", "iss": "hospital-portal",
            "iat": now, "exp": now + 300}
    base.update(claims)
    return "Bearer " + jwt.encode(base, SECRET, algorithm="HS256")


@pytest.mark.parametrize("claims", [
    {"iat": "yesterday"}, {"exp": "tomorrow"}, {"iat": True}, {"iat": None}, {"exp": [1]}, {"sub": 12345678},
    {"sub": {"id": "x"}},
])
def test_claims_of_the_wrong_type_are_refused_not_crashed(claims):
    with pytest.raises(Unauthorized):
        verify_token(settings(), signed(**claims))


def test_a_well_formed_token_passes():
    assert verify_token(settings(), signed())["sub"] == "a3f9c2e1b7d84f60a3f9c2e1b7d84f60"
