"""The hospital portal channel at /webhooks/portal/webhook.

Every request carries a short-lived JWT that the portal's backend signed
(HS256 with a shared secret, or RS256 with the portal's key pair). The token's
subject is a pseudonymous conversation id; its optional `report` claim lists
the report's findings, which become the conversation's report context. Rasa's
--auth-token and JWT options protect only Rasa's HTTP API, not webhooks, so
this channel checks the token itself. See docs/portal-integration.md.

Configuration (environment, or the channel's entry in credentials.yml):
  PORTAL_JWT_SECRET or PORTAL_JWT_PUBLIC_KEY_FILE   the verification key
  PORTAL_AUDIENCE, PORTAL_ISSUER                     expected aud / iss
  PORTAL_ORIGINS            browser origins allowed to call (CORS)
  PORTAL_RATE_LIMIT, PORTAL_RATE_WINDOW              messages per conversation per window (s)
  PORTAL_AUTH_FAILURE_LIMIT, PORTAL_AUTH_FAILURE_WINDOW  refused tokens per address per window (s)
  REDIS_URL                 share the limits between replicas

The token's subject must be a random, pseudonymous id (at least 96 bits,
never an e-mail or record number); the conversation is stored as
"portal:<sub>", apart from every other channel's.
"""
from __future__ import annotations

import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import jwt
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.language import ANSWERED
from assistant.report_context import ReportError, normalise_report
from channels.identity import conversation_id, subject_problem
from channels.inputs import DEFAULT_MAX_CHARS, BadRequest, channel_blueprint, check_text, client_ip, parse_json_body
from channels.rate_limit import RateLimiter
from channels.recovery import only_opening
from channels.rest import MergingOutputChannel
from channels.turns import http_reply, run_turn

logger = logging.getLogger(__name__)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\Z")
_SUBJECT = re.compile(r"^[A-Za-z0-9._:-]{8,128}\Z")
MAX_TOKEN_LIFETIME = 3600  # seconds between iat and exp: tokens must be short-lived
START = "/greet"
PREFLIGHT_PATH = "/webhooks/portal/webhook"


class Unauthorized(Exception):
    pass


class PortalSettings:
    """The channel's configuration, environment first."""

    def __init__(self, credentials: Optional[Dict[str, Any]] = None) -> None:
        c = credentials or {}

        def get(name: str, default: Any = None) -> Any:
            return os.environ.get(name.upper()) or c.get(name.lower().replace("portal_", ""), default)

        self.secret = get("portal_jwt_secret")
        key_file = get("portal_jwt_public_key_file")
        self.public_key = open(key_file).read() if key_file else None
        if not (self.secret or self.public_key):
            raise ValueError("portal channel: set PORTAL_JWT_SECRET (HS256) or PORTAL_JWT_PUBLIC_KEY_FILE (RS256)")
        self.algorithm = "RS256" if self.public_key else "HS256"
        self.audience = get("portal_audience", "b-all-guide")
        self.issuer = get("portal_issuer", "hospital-portal")
        origins = get("portal_origins", "")
        self.origins = [o.strip().rstrip("/") for o in (origins.split(",") if isinstance(origins, str) else origins) if o.strip()]
        self.rate_limit = int(get("portal_rate_limit", 120))
        self.rate_window = int(get("portal_rate_window", 3600))
        self.auth_failure_limit = int(get("portal_auth_failure_limit", 20))
        self.auth_failure_window = int(get("portal_auth_failure_window", 600))
        self.redis_url = os.environ.get("REDIS_URL") or c.get("redis_url")
        self.max_message_chars = int(c.get("max_message_chars", DEFAULT_MAX_CHARS))


def verify_token(settings: PortalSettings, header: Optional[str]) -> Dict[str, Any]:
    """The token's claims, or Unauthorized. `alg: none` and any algorithm
    other than the configured one are refused."""
    if not header or not header.startswith("Bearer "):
        raise Unauthorized("missing bearer token")
    token = header[len("Bearer "):].strip()
    if not _TOKEN.match(token):
        raise Unauthorized("not a compact JWT")
    key = settings.public_key or settings.secret
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[settings.algorithm],
            audience=settings.audience,
            issuer=settings.issuer,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            leeway=5,
        )
    except (jwt.PyJWTError, ValueError, TypeError) as error:  # malformed inside: refused, never a 500
        raise Unauthorized(type(error).__name__)
    for name in ("exp", "iat"):
        if isinstance(claims[name], bool) or not isinstance(claims[name], (int, float)):
            raise Unauthorized(f"claim {name} must be a number of seconds")
    if claims["exp"] - claims["iat"] > MAX_TOKEN_LIFETIME:
        raise Unauthorized("token lifetime too long")
    if not isinstance(claims["sub"], str):
        raise Unauthorized("claim sub must be a string")
    return claims


class PortalInput(InputChannel):
    """Authenticated channel for hospital portals."""

    @classmethod
    def name(cls) -> Text:
        return "portal"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PortalInput":
        return cls(PortalSettings(credentials))

    def __init__(self, settings: PortalSettings) -> None:
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_window, settings.redis_url)
        self.failures = RateLimiter(settings.auth_failure_limit, settings.auth_failure_window, settings.redis_url,
                                    prefix="portal-auth-failures")
        self.max_body_bytes = settings.max_message_chars * 6 + 4096

    def _cors(self, request: Request, reply: HTTPResponse) -> HTTPResponse:
        # Rasa's CORS extension (sanic-cors) would add its own headers after
        # ours (duplicates, if `rasa run --cors` is set); this marks them done.
        setattr(request.ctx, "_sanic_cors_e", "1")
        origin = (request.headers.get("origin") or "").rstrip("/")
        if origin and origin in self.settings.origins:
            reply.headers["Access-Control-Allow-Origin"] = origin
            reply.headers["Vary"] = "Origin"
            reply.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            reply.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
            reply.headers["Access-Control-Max-Age"] = "600"
        return reply

    def _error(self, request: Request, status: int, message: str, **extra: Any) -> HTTPResponse:
        reply = response.json({"error": message, "status": status, **extra}, status=status)
        if status == 401:
            reply.headers["WWW-Authenticate"] = 'Bearer realm="portal"'
        return self._cors(request, reply)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = channel_blueprint(self)

        def preflight(request: Request) -> HTTPResponse:
            origin = (request.headers.get("origin") or "").rstrip("/")
            if origin not in self.settings.origins:
                setattr(request.ctx, "_sanic_cors_e", "1")
                return response.json({"error": "origin not allowed", "status": 403}, status=403)
            return self._cors(request, response.empty(status=204))

        async def answer_preflight_first(request: Request) -> Optional[HTTPResponse]:
            if request.method == "OPTIONS" and request.path.rstrip("/") == PREFLIGHT_PATH:
                return preflight(request)
            return None

        @hook.listener("before_server_start")
        async def before_rasa_cors(app: Any, _: Any) -> None:
            # Rasa's CORS extension answers every OPTIONS request itself, with
            # no headers unless `rasa run --cors` is set, before any route of
            # ours runs; so the portal's preflight is answered ahead of it.
            app.request_middleware.appendleft(answer_preflight_first)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            origin = (request.headers.get("origin") or "").rstrip("/")
            if origin and origin not in self.settings.origins:
                return response.json({"error": "origin not allowed", "status": 403}, status=403)
            address = client_ip(request)
            try:
                claims = verify_token(self.settings, request.headers.get("authorization"))
            except Unauthorized as why:
                # Refused tokens are counted per address; past the limit they get
                # 429. A valid token is always served, so one bad client behind a
                # hospital's shared address cannot lock the patients out.
                held_off = not await self.failures.allow(address)
                logger.info("portal: token refused (%s)", why)
                if held_off:
                    return self._error(request, 429, "Too many failed sign-ins from this address. Please try again later.")
                return self._error(request, 401, "A valid, unexpired portal token is required.")
            problem = ("the token's subject may hold only 8-128 letters, digits or . _ : -"
                       if not _SUBJECT.match(claims["sub"]) else subject_problem(claims["sub"]))
            if problem:
                return self._error(request, 400, f"Conversation id refused: {problem}.", field="sub")
            try:
                findings = normalise_report(claims.get("report"))
            except ReportError as error:
                return self._error(request, 400, f"Report context refused: {error}", field=error.field)
            lang = claims.get("lang", "en")
            if lang not in ANSWERED:
                return self._error(request, 400, f"The lang claim must be one of {', '.join(ANSWERED)}.", field="lang")
            try:
                body = parse_json_body(request.body or b"", self.max_body_bytes)
                text = self._text(body)
            except BadRequest as error:
                return self._error(request, error.status, error.message)
            conversation = conversation_id(self.name(), claims["sub"])
            if not await self.limiter.allow(conversation):
                return self._error(request, 429, "Too many messages in this conversation. Please try again later.")
            collector = MergingOutputChannel()
            metadata = {"portal": {"verified": True, "findings": [f.as_dict() for f in findings], "lang": lang}}
            message = UserMessage(text, collector, conversation, input_channel=self.name(), metadata=metadata)
            outcome = await run_turn(on_new_message, message, getattr(request.app.ctx, "agent", None),
                                     lambda: not only_opening(collector.messages))
            body, status, headers = http_reply(outcome, collector.messages, claims["sub"])
            return self._cors(request, response.json(body, status=status, headers=headers))

        return hook

    def _text(self, body: Dict[str, Any]) -> str:
        """The message, or the start request that lets the assistant greet first."""
        if body.get("start") is True and "message" not in body:
            return START
        return check_text(body.get("message"), self.settings.max_message_chars)
