"""What sharing breaker state through Redis would cost per upstream call, against keeping it local.

Starts a real `redis-server` (as the tests do) and times one GET round trip on loopback, the
cheapest a shared breaker could be, against one in-process breaker check and record.
`python -m bench.breaker_state [--calls N]`
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from gateway.http.breaker import CircuitBreaker
from gateway.state import RedisStore
from tests.processes import RedisServer


async def measure(calls: int) -> tuple[float, float]:
    server = RedisServer(Path(tempfile.mkdtemp())).start()
    try:
        store = RedisStore.from_url(server.url, timeout_s=1.0, key_prefix="bench:")
        await store.set("breaker", b"closed")
        started = time.perf_counter()
        for _ in range(calls):
            await store.get("breaker")
        shared_us = (time.perf_counter() - started) / calls * 1e6
        await store.aclose()
    finally:
        server.stop()
    breaker = CircuitBreaker("bench", failure_threshold=5, open_s=30)
    started = time.perf_counter()
    for _ in range(calls):
        breaker.admit()
        breaker.record_success()
    local_us = (time.perf_counter() - started) / calls * 1e6
    return shared_us, local_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    shared_us, local_us = asyncio.run(measure(args.calls))
    print(f"shared (Redis GET, loopback): {shared_us:8.1f} us per call")
    print(f"local (in-process breaker):   {local_us:8.2f} us per call")
    print(f"ratio: {shared_us / local_us:.0f}x")


if __name__ == "__main__":
    main()
