"""The load benchmark: `gateway serve` on one core under wrk, upstreams on the other core.

`python -m bench.load` (or `make bench-load ARGS=...`): starts the replay stub
(`bench.load.stub`, the sandbox's simulators with their answers replayed) pinned to the load
core, then for each upstream delay and each gateway checkout (`--gateway PATH`, repeatable; this
checkout by default) starts `gateway serve` pinned to the gateway core and loads it with each
operation in turn (`bench.load.operations`), every request with different variables. Printed
per operation: requests/s, the ratio to the floor of the same run, latency, the gateway's CPU
per request (from /proc), its peak RSS, and the upstream calls per request (the stub's counts).
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

import httpx

from bench.load import operations, processes, profile, wrk
from bench.load.report import Row, markdown, save
from bench.load.target import CALLER_HEADERS, Target

ROOT = Path(__file__).resolve().parents[2]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--gateway",
        action="append",
        type=Path,
        default=None,
        help="a checkout with a .venv to measure (repeatable; default: this one)",
    )
    parser.add_argument(
        "--ops",
        default=",".join(operations.OPERATIONS),
        help="operations to run, comma-separated (the floor is always first)",
    )
    parser.add_argument("--delays", default="0,20", help="upstream delays in ms, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per operation")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured load before it")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--size", type=int, default=1000, help="sandbox seed size per source")
    parser.add_argument("--runs", type=int, default=1, help="repeat everything this many times")
    parser.add_argument("--gateway-cpus", default="0", help="taskset list for the gateway")
    parser.add_argument("--load-cpus", default="1", help="taskset list for the stub and wrk")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the gateways (repeatable)",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="TAG:NAME=VALUE,...",
        help="also measure each checkout with this environment added, labelled TAG",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="py-spy each operation; folded stacks and top functions go to DIR",
    )
    parser.add_argument("--json", type=Path, help="append every row to this JSON-lines file")
    return parser.parse_args()


def measure(
    args: argparse.Namespace,
    run: int,
    target: Target,
    delay: float,
    stub_url: str,
    stub_pid: int,
    workdir: Path,
) -> list[Row]:
    rows: list[Row] = []
    extra = dict(item.split("=", 1) for item in args.env)
    with (
        processes.gateway(target, stub_url, args.gateway_cpus, workdir, extra) as (url, pid),
        httpx.Client(base_url=url, headers=CALLER_HEADERS, timeout=120) as http,
    ):
        names = ["floor", *[n for n in args.ops.split(",") if n and n != "floor"]]
        for name in names:
            row = measure_one(
                args,
                run,
                target,
                delay,
                operations.OPERATIONS[name],
                (url, pid, http),
                (stub_url, stub_pid),
                workdir,
            )
            rows.append(row)
            print(markdown([*rows]).splitlines()[-1], flush=True)
    return rows


def measure_one(
    args: argparse.Namespace,
    run: int,
    target: Target,
    delay: float,
    op: operations.Operation,
    gateway: tuple[str, int, httpx.Client],
    stub: tuple[str, int],
    workdir: Path,
) -> Row:
    url, pid, http = gateway
    stub_url, stub_pid = stub
    bodies = op.bodies(http)
    script = wrk.write_script(workdir / f"{op.name}.lua", bodies, CALLER_HEADERS)
    cpus = args.load_cpus
    if args.warmup > 0:
        wrk.run(script, url, seconds=args.warmup, connections=args.connections, cpus=cpus)
        processes.wait_until_idle(pid)
    httpx.delete(f"{stub_url}/_bench/calls")
    before, stub_before = processes.Usage.of(pid), processes.Usage.of(stub_pid)
    started = time.monotonic()
    spy = None
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
        name = target.path.name + (f"-{target.tag}" if target.tag else "")
        folded = args.profile / f"{name}-{op.name}-{delay:g}ms.folded"
        spy = profile.start(pid, args.seconds, folded, cpus)
    result = wrk.run(script, url, seconds=args.seconds, connections=args.connections, cpus=cpus)
    # Requests wrk left in flight are still served: their CPU and calls count, divided by `sent`.
    processes.wait_until_idle(pid)
    elapsed = time.monotonic() - started
    after, stub_after = processes.Usage.of(pid), processes.Usage.of(stub_pid)
    counts = httpx.get(f"{stub_url}/_bench/calls").json()["calls"]
    if spy is not None:
        spy.wait()
        profile.summarise(folded, f"{target.label} {op.title} at {delay:g} ms")
    sent = max(result.sent, 1)
    cpu_s = after.cpu_s - before.cpu_s
    return Row(
        run=run,
        target=target.label,
        delay_ms=delay,
        operation=op.name,
        per_second=result.per_second,
        p50_ms=result.p50_ms,
        p99_ms=result.p99_ms,
        cpu_ms_per_request=1000 * cpu_s / sent,
        gateway_core_share=cpu_s / elapsed,
        upstream_calls_per_request=sum(counts.values()) / sent,
        peak_rss_mib=after.peak_rss_mib,
        failures=result.failures,
        load_core_share=(stub_after.cpu_s - stub_before.cpu_s + result.wrk_cpu_s) / elapsed,
        calls_by_source={k: v / sent for k, v in sorted(counts.items())},
    )


def variant(target: Target, spec: str) -> Target:
    tag, _, assignments = spec.partition(":")
    pairs = [item.split("=", 1) for item in assignments.split(",") if "=" in item]
    return Target(target.path, tag=tag, env=tuple((name, value) for name, value in pairs))


def main() -> None:
    args = parse_args()
    targets = [Target(p.resolve()) for p in (args.gateway or [ROOT])]
    targets += [variant(target, spec) for spec in args.variant for target in list(targets)]
    for target in targets:
        target.check()
    wrk.ensure_wrk()
    delays = [float(d) for d in args.delays.split(",") if d]
    print(f"machine: {platform.node()}, {platform.machine()}, {platform.python_version()}")
    print("targets: " + ", ".join(t.label for t in targets), flush=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp)
        with processes.stub(args.size, args.load_cpus, workdir) as (stub_url, stub_pid):
            for run in range(1, args.runs + 1):
                for delay in delays:
                    httpx.put(f"{stub_url}/_bench/delay", params={"ms": delay})
                    for target in targets:
                        rows += measure(args, run, target, delay, stub_url, stub_pid, workdir)
    print()
    print(markdown(rows))
    if args.json is not None:
        save(rows, args.json)


if __name__ == "__main__":
    main()
