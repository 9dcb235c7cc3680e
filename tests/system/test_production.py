"""The production path with real PostgreSQL and Redis: two Rasa replicas share
the stores; one conversation alternates between them and keeps its context,
with no event lost or reordered; readiness; a PostgreSQL outage through a
proxy that the test cuts."""
import json
import os
import uuid

import psycopg2
import pytest
import redis

from tests.paths import REPO
from tests.servers import Servers, answers, http
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.system
PG_PORT = int(os.environ.get("TEST_POSTGRES_PORT", "5432"))
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))


def require_services():
    """No skipping: the production path must be tested, so its services must run."""
    try:
        psycopg2.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="postgres").close()
        redis.Redis(host="127.0.0.1", port=REDIS_PORT).ping()
    except Exception as error:
        raise AssertionError(f"PostgreSQL on :{PG_PORT} and Redis on :{REDIS_PORT} are required "
                             f"(.ci/run starts them): {error}")


@pytest.fixture(scope="module")
def database():
    require_services()
    name = f"b_all_test_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield name
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def production_env(database, pg_port=PG_PORT, redis_db="7"):
    return {
        "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": str(pg_port), "POSTGRES_DB": database,
        "POSTGRES_USER": "postgres", "POSTGRES_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(REDIS_PORT), "REDIS_DB": redis_db,
    }


def stored_user_texts(database, sender):
    """The user texts stored for a REST sender (stored as "rest:<sender>")."""
    sender = f"rest:{sender}"
    with psycopg2.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname=database) as db:
        rows = db.cursor()
        rows.execute("select data from events where sender_id = %s and type_name = 'user' order by id", (sender,))
        return [json.loads(r[0])["text"] for r in rows.fetchall()]


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, database):
    endpoints = REPO / "deploy" / "endpoints.production.yml"
    env = production_env(database)
    a = Servers(tmp_path_factory.mktemp("replica_a"), endpoints=endpoints, extra_env=env).start()
    b = Servers(tmp_path_factory.mktemp("replica_b"), endpoints=endpoints, extra_env=env, action_port=a.action_port)
    b.start_rasa()
    yield a, b
    b.stop()
    a.stop()


TURNS = [
    ("what is MRD?", "mrd_overview"),
    ("how will it affect my treatment?", "mrd_treatment"),
    ("how do they test for it?", "mrd_testing"),
    ("what is the philadelphia chromosome", "gene_bcr_abl1"),
    ("is that good or bad?", "survival_ph_positive"),
    ("which drugs?", "treatment_tki"),
    ("what is CD19", "marker_cd19"),
    ("back to MRD", "mrd_overview"),
]


def test_one_conversation_alternates_between_replicas(replicas, database):
    sender = f"replica-{uuid.uuid4().hex[:8]}"
    for n, (text, passage) in enumerate(TURNS):
        replica = replicas[n % 2]
        reply = [m for m in answers(replica.send(sender, text)) if not (m.get("custom") or {}).get("pointer")]
        assert reply[-1]["custom"]["passage_id"] == passage, (n, text, reply[-1])
    assert stored_user_texts(database, sender) == [t for t, _ in TURNS]


def test_readiness_reports_every_dependency(replicas):
    status, body = http("GET", f"{replicas[0].base}/webhooks/health/ready")
    checks = json.loads(body)["checks"]
    assert status == 200 and checks == {"model": "ok", "tracker_store": "ok", "lock_store": "ok", "action_server": "ok"}


def test_postgres_outage_gives_503_loses_nothing_and_resumes(tmp_path, database):
    proxy = TcpProxy(PG_PORT)
    servers = Servers(tmp_path, endpoints=REPO / "deploy" / "endpoints.production.yml",
                      extra_env=production_env(database, pg_port=proxy.port, redis_db="8")).start()
    sender = f"outage-{uuid.uuid4().hex[:8]}"
    try:
        assert answers(servers.send(sender, "what is MRD?"))[-1]["custom"]["passage_id"] == "mrd_overview"
        proxy.cut()
        body = json.dumps({"sender": sender, "message": "how will it affect my treatment?"}).encode()
        status, raw = servers.post_raw(body)
        assert status == 503 and json.loads(raw)["status"] == 503
        status, _ = http("GET", f"{servers.base}/webhooks/health/ready")
        assert status == 503
        proxy.restore()
        reply = None
        for _ in range(10):  # the pool reconnects on its own; no restart
            status, raw = servers.post_raw(body)
            if status == 200:
                reply = answers(json.loads(raw))
                break
        assert reply and reply[-1]["custom"]["passage_id"] == "mrd_treatment"
        assert stored_user_texts(database, sender) == ["what is MRD?", "how will it affect my treatment?"]
    finally:
        servers.stop()
        proxy.cut()
