"""Button payloads: only known intents with canonical ids get through."""
import pytest

from assistant.knowledge import load_knowledge
from assistant.payloads import as_plain_text, is_valid_payload

INTENTS = {"ask_what_is", "ask_treatment", "greet"}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize("text", ['/greet', '/ask_what_is{"passage":"mrd_overview"}', '/ask_treatment{"test":"mrd"}',
                                  '/ask_what_is{"marker": "cd19"}'])
def test_valid(kb, text):
    assert is_valid_payload(text, INTENTS, kb)
    assert as_plain_text(text, INTENTS, kb) == text


@pytest.mark.parametrize("text", ['/nlu_fallback', '/ask_what_is{"passage":"nope"}', '/ask_what_is{"marker":"mrd"}',
                                  '/ask_what_is{"marker":"cd19"', '/ask_what_is["x"]', '/ask_what_is{"marker": 3}',
                                  '/ask_what_is{"marker":"cd19"}junk', '//', '/'])
def test_invalid_becomes_plain_text(kb, text):
    assert not is_valid_payload(text, INTENTS, kb)
    plain = as_plain_text(text, INTENTS, kb)
    assert not plain.startswith("/") and plain


def test_plain_text_is_untouched(kb):
    assert as_plain_text("what is cd19 / cd22", INTENTS, kb) == "what is cd19 / cd22"
