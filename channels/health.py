"""Readiness for load balancers: GET /webhooks/health/ready answers 200 only
when the model is loaded and the tracker store, the lock store and the action
server answer; 503 otherwise, naming what failed. GET /webhooks/health/ is
liveness (the process answers)."""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.inputs import channel_blueprint
from stores.tracker_store import project_store


async def _check(name: str, probe: Callable[[], Awaitable[None]], results: Dict[str, str]) -> None:
    try:
        await asyncio.wait_for(probe(), timeout=3)
        results[name] = "ok"
    except Exception as error:
        results[name] = f"failed: {type(error).__name__}"


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "health"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "HealthInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = channel_blueprint(self)

        @hook.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            results: Dict[str, str] = {}
            results["model"] = "ok" if agent is not None and agent.is_ready() else "failed: not loaded"
            if agent is not None:
                await _check("tracker_store", lambda: _store(agent), results)
                await _check("lock_store", lambda: _lock(agent), results)
                await _check("action_server", lambda: _actions(agent), results)
            ok = all(v == "ok" for v in results.values())
            return response.json({"ready": ok, "checks": results}, status=200 if ok else 503)

        return hook


async def _store(agent: Any) -> None:
    store = project_store(agent.tracker_store)
    if store is not None:
        await asyncio.get_running_loop().run_in_executor(None, store.ping)


async def _lock(agent: Any) -> None:
    redis_client = getattr(agent.lock_store, "red", None)
    if redis_client is not None:
        await asyncio.get_running_loop().run_in_executor(None, redis_client.ping)


async def _actions(agent: Any) -> None:
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not endpoint.url:
        return
    health = endpoint.url.rsplit("/webhook", 1)[0] + "/health"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        async with session.get(health) as reply:
            if reply.status != 200:
                raise RuntimeError(f"status {reply.status}")
