"""Reference client for the portal channel: how a portal backend signs a
token and how the browser (or a backend) calls /webhooks/portal/webhook.
The system tests use it.

    python scripts/portal_client.py --url http://localhost:5005 --secret "$PORTAL_JWT_SECRET" \\
        --finding BCR::ABL1=detected --finding MRD=negative --start

The token's subject names the conversation. It must be a random,
pseudonymous id (at least 96 bits, e.g. `new_conversation_id()`), never a
record number or e-mail: the channel refuses weak subjects with a 400.
"""
from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional, Tuple

import jwt

WEBHOOK = "/webhooks/portal/webhook"


def new_conversation_id() -> str:
    """A conversation id the portal backend keeps per patient: 128 random bits."""
    return secrets.token_hex(16)


def make_token(secret_or_key: str, conversation: str, findings: Optional[List[Dict[str, Any]]] = None,
               cns_status: Optional[str] = None, audience: str = "b-all-guide", issuer: str = "hospital-portal",
               lifetime: int = 300, algorithm: str = "HS256", extra: Optional[Dict[str, Any]] = None) -> str:
    """A short-lived token, as the portal's backend would issue it."""
    now = int(time.time())
    claims: Dict[str, Any] = {"sub": conversation, "aud": audience, "iss": issuer, "iat": now, "exp": now + lifetime}
    report: Dict[str, Any] = {}
    if findings:
        report["findings"] = findings
    if cns_status:
        report["cns_status"] = cns_status
    if report:
        claims["report"] = report
    claims.update(extra or {})
    return jwt.encode(claims, secret_or_key, algorithm=algorithm)


def call(base_url: str, token: Optional[str], body: Any, origin: Optional[str] = None,
         raw: Optional[bytes] = None) -> Tuple[int, Any]:
    """POSTs to the portal webhook; returns (status, parsed JSON)."""
    data = raw if raw is not None else json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(base_url.rstrip("/") + WEBHOOK, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--conversation", default=None, help="the token's subject (default: a new random id)")
    parser.add_argument("--finding", action="append", default=[], help="ID=RESULT, e.g. BCR::ABL1=detected")
    parser.add_argument("--start", action="store_true", help="send the start request (the assistant greets first)")
    parser.add_argument("--message")
    args = parser.parse_args()
    findings = [dict(zip(("id", "result"), f.split("=", 1))) for f in args.finding]
    token = make_token(args.secret, args.conversation or new_conversation_id(), findings)
    body = {"start": True} if args.start else {"message": args.message or ""}
    status, reply = call(args.url, token, body)
    print(status, json.dumps(reply, indent=2, ensure_ascii=False))
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
