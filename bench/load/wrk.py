"""wrk (Debian's package) as the load generator: a Lua script that picks a body per request.

Each thread counts answers that are not 200 or that carry GraphQL `errors`, and `done` prints
one JSON line with the counts and latency percentiles, which `run` reads back.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCRIPT = """
local bodies = {%(bodies)s}
local headers = {%(headers)s}
local threads = {}
bad, graphql_errors, sent = 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local address = tonumber(tostring({}):match("0x(%%x+)") or "0", 16)
  math.randomseed(os.time() + address %% 100000)
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/graphql", headers, bodies[math.random(#bodies)])
end

function response(status, hdrs, body)
  if status ~= 200 then
    bad = bad + 1
  elseif string.find(body, '"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  end
end

function done(summary, latency, requests)
  local b, g, s = 0, 0, 0
  for _, t in ipairs(threads) do
    b = b + t:get("bad")
    g = g + t:get("graphql_errors")
    s = s + t:get("sent")
  end
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p90_us":%%d,"p99_us":%%d,' ..
    '"max_us":%%d,"non200":%%d,"graphql_errors":%%d,"socket_errors":%%d,"sent":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, b, g,
    e.connect + e.read + e.write + e.timeout, s))
end
"""


def _lua_string(text: str) -> str:
    level = "=" * 4
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def write_script(path: Path, bodies: list[dict[str, Any]], headers: dict[str, str]) -> Path:
    encoded = ",\n".join(_lua_string(json.dumps(b, separators=(",", ":"))) for b in bodies)
    header_items = {"Content-Type": "application/json", **headers}
    lua_headers = ", ".join(
        f"[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in header_items.items()
    )
    path.write_text(_SCRIPT % {"bodies": encoded, "headers": lua_headers})
    return path


@dataclass(frozen=True)
class LoadResult:
    # Answered within the time; `sent` also counts those still in flight when wrk stopped.
    requests: int
    sent: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    failures: int
    # CPU seconds wrk itself used (it shares the stub's core).
    wrk_cpu_s: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        print("installing wrk (apt-get)...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)  # noqa: S607
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    return found


def run(
    script: Path, url: str, *, seconds: float, connections: int, cpus: str | None
) -> LoadResult:
    command = [ensure_wrk(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s"]
    command += ["-s", str(script), url]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line.removeprefix("RESULT "))
    return LoadResult(
        requests=figures["requests"],
        sent=max(figures["sent"], figures["requests"]),
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p90_ms=figures["p90_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        failures=figures["non200"] + figures["graphql_errors"] + figures["socket_errors"],
        wrk_cpu_s=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )
