"""Terminal chat against the assistant's REST webhook (used by `make run`).

Type a question; type a button's number to press it; an empty line or
"/quit" leaves. Start a line with '<<<' to paste several lines (a report
excerpt) and end the paste with '>>>' on its own line.
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
import urllib.error
import urllib.request
import uuid
from typing import Dict, List


def post(url: str, sender: str, message: str) -> List[Dict]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        detail = json.loads(error.read().decode("utf-8") or "{}").get("error", error.reason)
        return [{"text": f"(The server refused that: {detail})"}]


def show(messages: List[Dict]) -> List[Dict]:
    """Prints the bot's messages; returns the buttons of the last one."""
    buttons: List[Dict] = []
    for message in messages:
        if message.get("text"):
            for paragraph in message["text"].split("\n"):
                print(textwrap.fill(paragraph, width=78, initial_indent="  ", subsequent_indent="  ") if paragraph else "")
        if message.get("buttons"):
            buttons = message["buttons"]
            for number, button in enumerate(buttons, 1):
                print(f"   [{number}] {button['title']}")
    print()
    return buttons


def read_message() -> str:
    line = input("You: ")
    if not line.startswith("<<<"):
        return line
    lines = [line[3:]]
    while True:
        more = input("... ")
        if more.strip() == ">>>":
            return "\n".join(lines).strip()
        lines.append(more)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    args = parser.parse_args()
    sender = f"terminal-{uuid.uuid4().hex[:12]}"
    print("B-ALL report guide. Type a question, a button number, or press Enter on an empty line to leave.")
    print("To paste several lines of a report, start with <<< and end with >>> on its own line.\n")
    buttons = show(post(args.url, sender, "/greet"))
    while True:
        try:
            text = read_message().strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text or text in ("/quit", "/exit"):
            return 0
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            choice = buttons[int(text) - 1]
            print(f"  > {choice['title']}")
            text = choice["payload"]
        buttons = show(post(args.url, sender, text))


if __name__ == "__main__":
    sys.exit(main())
