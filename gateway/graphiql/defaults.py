"""What GraphiQL shows on a first visit: a query that answers on the sandbox, and the headers."""

from __future__ import annotations

import json

from gateway.config import Settings
from gateway.sources.registry import SOURCES

DEFAULT_QUERY = """\
# Work gateway: one graph over five work APIs.
# Run: Ctrl-Enter, or the ▶ button.
#
# Headers tab (below): {caller_header} names the
# end user; Blueworks is read on their behalf.
# Left sidebar: Docs (every type and field),
# History, and Explorer (tick fields to build
# a query).

query Dashboard {{
  taskSummary {{ total exact byState {{ state count }} }}
  tasks(first: 10) {{
    totalCount
    sources {{ source ok errorCode truncated }}
    edges {{ node {{ __typename title state sourceStatus source dueAt }} }}
  }}
}}
"""


def default_query(settings: Settings) -> str:
    return DEFAULT_QUERY.format(caller_header=settings.caller_header)


def default_headers(settings: Settings) -> str:
    """The sandbox's demo user, only when every source is simulated (never sent to a real one)."""
    sandbox_alone = settings.sandbox.mode != "off" and not any(
        settings.section(spec.name).configured for spec in SOURCES
    )
    headers = {settings.caller_header: settings.sandbox_user} if sandbox_alone else {}
    return json.dumps(headers, indent=2)
