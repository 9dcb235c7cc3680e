"""Request checks shared by the project's channels."""
import pytest

from channels.inputs import BadRequest, parse_json_body, parse_message


def status_of(call):
    with pytest.raises(BadRequest) as caught:
        call()
    return caught.value.status


@pytest.mark.parametrize("body, status", [(b"\xff\xfe", 400), (b"{nope", 400), (b"[1,2]", 400), (b"x" * 5000, 413)])
def test_bad_bodies(body, status):
    assert status_of(lambda: parse_json_body(body, 4096)) == status


@pytest.mark.parametrize(
    "data, status",
    [({"message": "hi"}, 400), ({"sender": "", "message": "hi"}, 400), ({"sender": 5, "message": "hi"}, 400),
     ({"sender": "a b", "message": "hi"}, 400), ({"sender": "s" * 200, "message": "hi"}, 400),
     ({"sender": "s1"}, 400), ({"sender": "s1", "message": 7}, 400), ({"sender": "s1", "message": "   \n"}, 400),
     ({"sender": "s1", "message": "x" * 101}, 413)],
)
def test_bad_messages(data, status):
    assert status_of(lambda: parse_message(data, 100)) == status


def test_good_message_and_payload_check():
    incoming = parse_message({"sender": "abc-1", "message": '/ask_what_is{"passage":"bogus"}'}, 100)
    assert incoming.sender == "abc-1" and not incoming.text.startswith("/")
    assert parse_message({"sender": "abc-1", "message": "what is CD19?"}, 100).text == "what is CD19?"
