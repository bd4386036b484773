"""`python -m gateway.healthcheck [PATH]`: exit 0 while the local server answers PATH with 200.

The container image's HEALTHCHECK (PATH `/healthz` on `GATEWAY_PORT`; compose's sandbox service
checks `/_stats`); standard library only, so it starts fast and the image needs no curl.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def main(argv: list[str]) -> int:
    port = os.environ.get("GATEWAY_PORT", "8000")
    path = argv[0] if argv else "/healthz"
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:  # URLError and timeouts included
        sys.stderr.write(f"healthcheck: {url}: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
