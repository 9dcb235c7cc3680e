"""Starts and stops the real action server and Rasa server for system tests
and benchmarks, on free ports, with their own tracker database."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from tests.paths import REPO

VENV_BIN = REPO / ".venv" / "bin"
MODEL = REPO / "models" / "assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None,
         timeout: float = 60) -> Tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Servers:
    """One action server + one Rasa server."""

    workdir: Path
    credentials: Path = REPO / "credentials.yml"
    endpoints: Path = REPO / "endpoints.yml"
    extra_env: Dict[str, str] = field(default_factory=dict)
    action_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    processes: List[subprocess.Popen] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rest_url(self) -> str:
        return f"{self.base}/webhooks/rest/webhook"

    def env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(
            RASA_TELEMETRY_ENABLED="false",
            PYTHONPATH=str(REPO),
            TF_CPP_MIN_LOG_LEVEL="3",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            ACTION_PORT=str(self.action_port),
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            TRACKER_DB=str(self.workdir / "tracker.db"),
            WEB_PORT=str(self.web_port),
            SOCKET_URL=f"http://localhost:{self.rasa_port}",
            WIDGET_ORIGINS=f"http://localhost:{self.web_port},http://127.0.0.1:{self.web_port}",
        )
        env.update(self.extra_env)
        return env

    def start_actions(self) -> None:
        log = open(self.workdir / "actions.log", "ab")
        self.processes.append(subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        self._wait(f"http://127.0.0.1:{self.action_port}/health", "action server")

    def start_rasa(self) -> None:
        if not MODEL.is_file():
            raise AssertionError(f"no trained model at {MODEL}: run `make train` first")
        log = open(self.workdir / "rasa.log", "ab")
        self.processes.append(subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(self.rasa_port),
             "--credentials", str(self.credentials), "--endpoints", str(self.endpoints)],
            cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        self._wait(f"{self.base}/webhooks/health/", "Rasa server")  # in every channel file

    @property
    def page_url(self) -> str:
        return f"http://localhost:{self.web_port}/"

    def start_web(self) -> None:
        log = open(self.workdir / "web.log", "ab")
        self.processes.append(subprocess.Popen(
            [str(VENV_BIN / "python"), "web/server.py"], cwd=REPO, env=self.env(), stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True))
        self._wait(self.page_url, "web server")

    def start(self) -> "Servers":
        self.start_actions()
        self.start_rasa()
        return self

    def _wait(self, url: str, what: str, seconds: float = 180) -> None:
        deadline = time.time() + seconds
        while time.time() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise AssertionError(f"{what} exited while starting; see logs in {self.workdir}")
            try:
                if http("GET", url, timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{what} not ready after {seconds} s; see logs in {self.workdir}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()

    def restart(self) -> None:
        self.stop()
        self.start()

    # ------------------------------------------------------------ talking
    def send(self, sender: str, message: str) -> List[dict]:
        body = json.dumps({"sender": sender, "message": message}).encode()
        status, raw = http("POST", self.rest_url, body, {"Content-Type": "application/json"})
        assert status == 200, (status, raw[:300])
        return json.loads(raw)

    def post_raw(self, body: bytes, content_type: str = "application/json") -> Tuple[int, bytes]:
        return http("POST", self.rest_url, body, {"Content-Type": content_type})


def answers(messages: List[dict]) -> List[dict]:
    """The bot messages that answer (not the opening note)."""
    return [m for m in messages if (m.get("custom") or {}).get("answer_kind") != "disclaimer"]


def replay(conversations: Iterable[dict], prefix: str, workdir: Path) -> Iterator[Tuple[dict, List[dict]]]:
    """Starts the servers, plays each conversation ({"turns": [{"user": ...}]})
    under a fresh sender id, and yields (turn, answers) for every turn."""
    import uuid

    servers = Servers(workdir).start()
    try:
        for conversation in conversations:
            sender = f"{prefix}-{uuid.uuid4().hex[:8]}"
            for turn in conversation["turns"]:
                yield turn, answers(servers.send(sender, turn["user"]))
    finally:
        servers.stop()
