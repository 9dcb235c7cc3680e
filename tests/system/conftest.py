"""Real servers for the system tests: one action server and one Rasa server,
started once per test session."""
import pytest

from tests.servers import Servers


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    running = Servers(tmp_path_factory.mktemp("servers")).start()
    yield running
    running.stop()
