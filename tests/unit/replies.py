"""Helpers the router tests share."""


def kinds(reply):
    """The answer kinds of a reply's messages, in order."""
    return [m.custom.get("answer_kind") for m in reply.messages]
