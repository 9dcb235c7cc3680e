"""Conversations keep their context across a restart of both servers: the
SQLite tracker store (endpoints.yml) holds them."""
import os
import signal

import pytest

from tests.servers import Servers, answers

pytestmark = pytest.mark.system


def test_follow_up_after_restart_uses_the_saved_context(tmp_path):
    servers = Servers(tmp_path).start()
    try:
        first = answers(servers.send("restart-1", "what is MRD?"))
        assert first[-1]["custom"]["passage_id"] == "mrd_overview"
        servers.restart()
        follow_up = answers(servers.send("restart-1", "how will it affect my treatment?"))
        assert follow_up[-1]["custom"]["passage_id"] == "mrd_treatment"
        # A conversation that never happened has no context to lean on.
        fresh = answers(servers.send("restart-2", "how will it affect my treatment?"))
        assert fresh[-1]["custom"]["answer_kind"] == "ask_which"
    finally:
        servers.stop()
    assert (tmp_path / "tracker.db").stat().st_size > 0


def test_action_server_down_gives_a_clear_message_then_recovers(tmp_path):
    servers = Servers(tmp_path).start()
    try:
        actions = servers.processes[0]
        os.killpg(actions.pid, signal.SIGTERM)
        actions.wait(timeout=20)
        servers.processes.remove(actions)
        down = servers.send("down-1", "what is MRD?")
        assert down[-1]["custom"]["answer_kind"] == "trouble"
        servers.start_actions()
        back = answers(servers.send("down-1", "what is MRD?"))
        assert back[-1].get("custom", {}).get("passage_id") == "mrd_overview", back
    finally:
        servers.stop()
