"""`run`: uvicorn serving the app with the guarded protocol, in one process or several."""

from __future__ import annotations

import sys
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from gateway.server.protocol import GuardedHttpToolsProtocol
from gateway.server.settings import ServerSettings

# uvicorn's exit code when the app could not start.
STARTUP_FAILURE = 3


class ServerConfig(uvicorn.Config):
    """uvicorn's config plus the guard's settings; pickled as it is to every worker."""

    def __init__(self, app: Any, *, guard: ServerSettings, **options: Any) -> None:
        super().__init__(app, http=GuardedHttpToolsProtocol, **options)
        self.guard = guard


def run(config: ServerConfig) -> None:
    """What `uvicorn.run` does for one process or `workers` (an import string then)."""
    server = uvicorn.Server(config)
    try:
        if config.workers > 1:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            server.run()
    except KeyboardInterrupt:
        pass
    if config.workers == 1 and not server.started:
        sys.exit(STARTUP_FAILURE)
