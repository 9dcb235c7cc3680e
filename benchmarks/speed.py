"""Latency and throughput over REST at several numbers of concurrent users
(closed loop, no think time), server start time, peak memory of each process,
and model size."""
from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp

from benchmarks.common import percentile
from tests.servers import MODEL, Servers

QUESTIONS = ["what does cd19 positive mean", "what is MRD", "how will it affect my treatment?",
             "what is the philadelphia chromosome", "is that good or bad?", "tell me more"]


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _closed_loop(url: str, users: int, seconds: float) -> Dict[str, float]:
    latencies: List[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def user(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        n = 0
        sender = f"speed-{uuid.uuid4().hex[:10]}"
        while time.perf_counter() < deadline:
            if n % 20 == 0:
                sender = f"speed-{uuid.uuid4().hex[:10]}"
            t0 = time.perf_counter()
            async with session.post(url, json={"sender": sender, "message": QUESTIONS[n % len(QUESTIONS)]}) as reply:
                await reply.read()
                if reply.status != 200:
                    errors += 1
            latencies.append((time.perf_counter() - t0) * 1000)
            n += 1

    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        await asyncio.gather(*(user(session) for _ in range(users)))
    elapsed = time.perf_counter() - started
    return {"users": users, "requests": len(latencies), "throughput": len(latencies) / elapsed, "errors": errors,
            "p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "p99": percentile(latencies, 99)}


def run(levels=(1, 10, 50), seconds: float = 20) -> Dict:
    with tempfile.TemporaryDirectory() as work:
        servers = Servers(Path(work))
        t0 = time.perf_counter()
        servers.start()
        servers.send("speed-warm", "what is MRD")
        start_seconds = time.perf_counter() - t0
        results = [asyncio.run(_closed_loop(servers.rest_url, users, seconds)) for users in levels]
        memory = {"action server": peak_rss_mb(servers.processes[0].pid), "Rasa server": peak_rss_mb(servers.processes[1].pid)}
        servers.stop()
    return {"start_seconds": start_seconds, "levels": results, "memory_mb": memory,
            "model_mb": MODEL.stat().st_size / 1e6}


if __name__ == "__main__":
    result = run()
    print(f"start to first answer: {result['start_seconds']:.1f} s; model {result['model_mb']:.1f} MB; "
          f"peak RSS {result['memory_mb']}")
    for level in result["levels"]:
        print(level)
