"""The load benchmark runs end to end (tiny settings): real stub, real `gateway serve`, real wrk.

Its figures are not checked (they belong to `bench/RESULTS.md`, never to a test); that every
request was answered without errors, and that the stub counted the upstream calls, is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_load_benchmark_measures_each_operation_with_the_stubs_call_counts(
    tmp_path: Path,
) -> None:
    out = tmp_path / "rows.jsonl"
    command = [sys.executable, "-m", "bench.load", "--ops", "floor,inventory_list"]
    command += ["--delays", "0", "--seconds", "1", "--warmup", "0", "--size", "20"]
    command += ["--connections", "2", "--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=90)  # noqa: S603
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row["operation"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert set(rows) == {"floor", "inventory_list"}
    assert all(row["failures"] == 0 and row["per_second"] > 0 for row in rows.values())
    assert rows["floor"]["upstream_calls_per_request"] == 0
    # One Xandr read per list by id (a login, at most, on top of the first).
    assert 0.9 <= rows["inventory_list"]["calls_by_source"]["xandr"] <= 1.1
    assert "| inventory_list |" in done.stdout
