"""`--profile`: py-spy samples the gateway while an operation runs; top functions per operation.

py-spy writes the folded stacks (`<name>.folded`, one `frame;frame;… count` per line; open it in
https://www.speedscope.app or feed it to flamegraph.pl for a flame graph); this module reads
them back into `<name>.top.txt`: the functions most often on the CPU (self) and most often on
the stack (total), as shares of the samples.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

TOP = 30


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(found).exists():
        print("installing py-spy (pip)...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "py-spy"], check=True)
    return found


def start(pid: int, seconds: float, out: Path, cpus: str | None) -> subprocess.Popen[bytes]:
    command = [py_spy(), "record", "--pid", str(pid), "--duration", f"{max(1, int(seconds))}"]
    command += ["--rate", "200", "--format", "raw", "--output", str(out)]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


def _short(frame: str) -> str:
    # py-spy frames read "function (path/to/module.py:line)": keep the function and the module.
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    path = where.rsplit(":", 1)[0]
    for marker in ("site-packages/", "/work/wt/", "/lib/python3."):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path})"


def summarise(folded: Path, title: str) -> Path:
    """Write `<folded>.top.txt`: the top self and total functions as shares of samples."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in folded.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = [_short(f) for f in stack.split(";")]
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    lines = [f"{title}: {samples} samples", "", "self %  function"]
    lines += [f"{100 * n / samples:6.1f}  {name}" for name, n in own.most_common(TOP)]
    lines += ["", "total %  function"]
    # Frames on nearly every stack (the server's loop, the CLI) say nothing: left out.
    telling = [(name, n) for name, n in total.most_common() if n < 0.97 * samples][:TOP]
    lines += [f"{100 * n / samples:7.1f}  {name}" for name, n in telling]
    out = folded.with_suffix(".top.txt")
    out.write_text("\n".join(lines) + "\n")
    return out
