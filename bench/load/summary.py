"""Medians over several runs of the load benchmark (`--json` files), as one Markdown table.

`python -m bench.load.summary rows.jsonl [more.jsonl ...]`: one row per target, delay and
operation with the median of each figure over the runs, the spread (lowest to highest) of the
two that matter most, and how many runs there were. Ratios are taken within each run first.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from bench.load.report import Row, floor_of, per_core

HEADER = (
    "| target | delay | operation | runs | req/s | x floor | p50 ms | p99 ms | CPU ms/req "
    "(spread) | req/s per core | x floor (spread) | calls/req | peak RSS MiB |\n"
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def load(paths: list[Path]) -> list[Row]:
    rows = []
    for path in paths:
        rows += [Row(**json.loads(line)) for line in path.read_text().splitlines() if line]
    return rows


def table(rows: list[Row]) -> str:
    groups: dict[tuple[str, float, str], list[tuple[Row, Row | None]]] = defaultdict(list)
    for row in rows:
        groups[(row.target, row.delay_ms, row.operation)].append((row, floor_of(rows, row)))
    lines = [HEADER]
    for (target, delay, operation), pairs in groups.items():
        measured = [row for row, _ in pairs]
        ratios = [row.per_second / floor.per_second for row, floor in pairs if floor]
        core_ratios = [per_core(row) / per_core(floor) for row, floor in pairs if floor]
        cpu = [row.cpu_ms_per_request for row in measured]
        lines.append(
            f"| {target} | {delay:g} ms | {operation} | {len(measured)} | "
            f"{_median(r.per_second for r in measured):.0f} | {_median(ratios):.2f} | "
            f"{_median(r.p50_ms for r in measured):.0f} | "
            f"{_median(r.p99_ms for r in measured):.0f} | "
            f"{_median(cpu):.2f} ({min(cpu):.2f}-{max(cpu):.2f}) | "
            f"{_median(per_core(r) for r in measured):.0f} | "
            f"{_median(core_ratios):.2f} ({_spread(core_ratios)}) | "
            f"{_median(r.upstream_calls_per_request for r in measured):.2f} | "
            f"{max(r.peak_rss_mib for r in measured):.0f} |"
        )
    return "\n".join(lines)


def _median(values: Iterable[float]) -> float:
    found = list(values)
    return float(statistics.median(found)) if found else 0.0


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if values else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", type=Path, nargs="+")
    print(table(load(parser.parse_args().files)))


if __name__ == "__main__":
    main()
