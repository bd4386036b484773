"""One row per target, delay and operation; printed as a Markdown table, saved as JSON lines."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    run: int
    target: str
    delay_ms: float
    operation: str
    per_second: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    # Share of the gateway's core it used while measured (1.0: the core was the limit).
    gateway_core_share: float
    upstream_calls_per_request: float
    peak_rss_mib: float
    failures: int
    # Share of the other core the stub and wrk used together (near 1.0: they were the limit).
    load_core_share: float
    calls_by_source: dict[str, float]


def floor_of(rows: list[Row], row: Row) -> Row | None:
    for other in rows:
        same = (other.run, other.target, other.delay_ms) == (row.run, row.target, row.delay_ms)
        if same and other.operation == "floor":
            return other
    return None


def per_core(row: Row) -> float:
    """Requests a whole core would serve, from the CPU each one took: steadier than req/s."""
    return 1000 / row.cpu_ms_per_request if row.cpu_ms_per_request else 0.0


HEADER = (
    "| target | delay | operation | req/s | x floor | p50 ms | p99 ms | CPU ms/req | "
    "req/s per core | x floor | calls/req | peak RSS MiB | failed | gw core | load core |\n"
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _ratio(value: float, floor: float | None) -> str:
    return f"{value / floor:.2f}" if floor else "-"


def markdown(rows: list[Row]) -> str:
    lines = [HEADER]
    for row in rows:
        floor = floor_of(rows, row)
        lines.append(
            f"| {row.target} | {row.delay_ms:g} ms | {row.operation} | {row.per_second:.0f} | "
            f"{_ratio(row.per_second, floor.per_second if floor else None)} | "
            f"{row.p50_ms:.1f} | {row.p99_ms:.1f} | {row.cpu_ms_per_request:.2f} | "
            f"{per_core(row):.0f} | {_ratio(per_core(row), per_core(floor) if floor else None)} | "
            f"{row.upstream_calls_per_request:.2f} | {row.peak_rss_mib:.0f} | {row.failures} | "
            f"{100 * row.gateway_core_share:.0f}% | {100 * row.load_core_share:.0f}% |"
        )
    return "\n".join(lines)


def save(rows: list[Row], path: Path) -> None:
    with path.open("a") as out:
        for row in rows:
            out.write(json.dumps(asdict(row)) + "\n")
