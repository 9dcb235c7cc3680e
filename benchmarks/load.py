"""Load benchmark on the production stores (PostgreSQL tracker store, Redis
lock store), over the development REST channel, which has no rate limit.

Simulated patients hold conversations of several turns with a think time
between a reply and their next message. Prints throughput, p50/p95/p99
latency, errors, and checks every stored conversation against what was sent
(no event lost or reordered). Loopback only; every loop is bounded.

Run: make bench-load       (about 6 minutes)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp
import psycopg2

from benchmarks.common import percentile, print_provenance
from channels.identity import conversation_id
from tests.paths import REPO
from tests.servers import Servers

CONVERSATIONS = [
    ["what is MRD?", "how will it affect my treatment?", "how do they test for it?", "is that good or bad?"],
    ["what does cd19 positive mean", "what about cd10?", "and TdT?", "how do they test for that?"],
    ["what is the philadelphia chromosome", "is that good or bad?", "which drugs?", "tell me more"],
    ["what is a spinal tap", "what if leukemia is found there?", "how is that treated?"],
    ["how is b-all diagnosed", "tell me more", "tell me more", "what causes b-all"],
]


@dataclass
class Run:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    sent: Dict[str, List[str]] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    ended: float = 0.0

    def report(self, label: str) -> str:
        seconds = (self.ended or time.perf_counter()) - self.started
        n = len(self.latencies)
        return (f"{label}: {n} messages in {seconds:.0f} s = {n / seconds:.1f} msg/s; latency p50 "
                f"{percentile(self.latencies, 50):.0f} ms, p95 {percentile(self.latencies, 95):.0f} ms, "
                f"p99 {percentile(self.latencies, 99):.0f} ms; errors {self.errors}")


class Cluster:
    """One action server and N Rasa replicas sharing PostgreSQL and Redis."""

    def __init__(self, replicas: int, workdir: Path, database: str) -> None:
        env = {"POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5432", "POSTGRES_DB": database,
               "POSTGRES_USER": "postgres", "POSTGRES_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
               "REDIS_PORT": "6379", "REDIS_DB": "9", "BLAS_THREADS": "1"}  # as deploy/k8s sets it
        endpoints = REPO / "deploy" / "endpoints.production.yml"
        first = Servers(workdir / "r0", endpoints=endpoints, extra_env=env)
        first.workdir.mkdir(parents=True)
        first.start()
        self.nodes = [first]
        for n in range(1, replicas):
            node = Servers(workdir / f"r{n}", endpoints=endpoints, extra_env=env, action_port=first.action_port)
            node.workdir.mkdir(parents=True)
            node.start_rasa()
            self.nodes.append(node)
        self.down: set = set()

    def url(self, n: int) -> str:
        live = [i for i in range(len(self.nodes)) if i not in self.down]
        return self.nodes[live[n % len(live)]].rest_url

    def stop_replica(self, n: int) -> None:
        self.down.add(n)
        self.nodes[n].stop()

    def stop(self) -> None:
        for node in reversed(self.nodes):
            node.stop()


async def patient(session: aiohttp.ClientSession, cluster: Cluster, run: Run, think: float, deadline: float,
                  rnd: random.Random) -> None:
    """One simulated patient: conversations until the deadline. Patients
    arrive spread over one think time, as people do, not all in one instant."""
    if think:
        await asyncio.sleep(rnd.uniform(0, think))
    while time.perf_counter() < deadline:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        run.sent[sender] = []
        for turn, text in enumerate(rnd.choice(CONVERSATIONS)):
            if time.perf_counter() >= deadline:
                break
            body = {"sender": sender, "message": text}
            for attempt in range(3):  # a load balancer retries another replica when one is gone
                t0 = time.perf_counter()
                try:
                    async with session.post(cluster.url(turn + attempt), json=body) as reply:
                        await reply.read()
                        ok = reply.status == 200
                except aiohttp.ClientError:
                    ok = False
                if ok:
                    run.latencies.append((time.perf_counter() - t0) * 1000)
                    run.sent[sender].append(text)
                    break
                run.errors += 1
            if think:
                await asyncio.sleep(think * rnd.uniform(0.8, 1.2))


async def drive(cluster: Cluster, users: int, think: float, seconds: float, stop_replica_at: Optional[float] = None) -> Run:
    run = Run()
    deadline = time.perf_counter() + seconds
    rnd = random.Random(42)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=users + 10)) as session:
        tasks = [asyncio.create_task(patient(session, cluster, run, think, deadline, random.Random(rnd.random())))
                 for _ in range(users)]
        if stop_replica_at is not None:
            await asyncio.sleep(stop_replica_at)
            cluster.stop_replica(len(cluster.nodes) - 1)
            print(f"  (replica {len(cluster.nodes) - 1} stopped at {stop_replica_at:.0f} s)")
        await asyncio.gather(*tasks)
    run.ended = time.perf_counter()
    return run


def check_events(database: str, run: Run) -> str:
    """Compares every stored conversation's user messages with what was sent."""
    lost = reordered = 0
    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=database) as db:
        cursor = db.cursor()
        for sender, texts in run.sent.items():
            # stored under the channel's namespace (channels/identity.py)
            cursor.execute("select data from events where sender_id = %s and type_name = 'user' order by id",
                           (conversation_id("rest", sender),))
            stored = [json.loads(r[0])["text"] for r in cursor.fetchall()]
            if len(stored) < len(texts):
                lost += 1
            elif stored != texts:
                reordered += 1
    return f"tracker check: {len(run.sent)} conversations, {lost} with lost events, {reordered} reordered"


def fresh_database() -> str:
    name = f"b_all_load_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    admin.close()
    return name


def drop_database(name: str) -> None:
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def scenario(replicas: int, label: str, **kwargs) -> Run:
    database = fresh_database()
    with tempfile.TemporaryDirectory() as work:
        cluster = Cluster(replicas, Path(work), database)
        try:
            run = asyncio.run(drive(cluster, **kwargs))
        finally:
            cluster.stop()
    print(run.report(label))
    print("  " + check_events(database, run))
    drop_database(database)
    return run


def saturation(replicas: int, seconds: float) -> None:
    database = fresh_database()
    with tempfile.TemporaryDirectory() as work:
        cluster = Cluster(replicas, Path(work), database)
        try:
            best = 0.0
            for users in (1, 2, 4, 8, 16, 32):
                run = asyncio.run(drive(cluster, users=users, think=0.0, seconds=seconds))
                rate = len(run.latencies) / (run.ended - run.started)
                print(f"  saturation, {replicas} replica(s), {users:>2} users: {rate:.1f} msg/s, "
                      f"p95 {percentile(run.latencies, 95):.0f} ms, errors {run.errors}")
                grew = rate >= best * 1.05
                best = max(best, rate)
                if not grew and users >= 8:
                    break
            print(f"saturation peak, {replicas} replica(s): {best:.1f} msg/s")
        finally:
            cluster.stop()
    drop_database(database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--saturation-seconds", type=float, default=15)
    args = parser.parse_args()
    print_provenance()
    print("# stores: PostgreSQL tracker store + Redis lock store; channel: REST (development), no rate limit")
    for replicas in (1, 2):
        scenario(replicas, f"realistic load, {replicas} replica(s), {args.users} patients, think {args.think:.0f} s",
                 users=args.users, think=args.think, seconds=args.seconds)
    scenario(2, "realistic load, 2 replicas, one stopped half way", users=args.users, think=args.think,
             seconds=args.seconds, stop_replica_at=args.seconds / 2)
    for replicas in (1, 2):
        saturation(replicas, args.saturation_seconds)


if __name__ == "__main__":
    main()
