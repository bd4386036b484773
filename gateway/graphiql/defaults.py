"""What GraphiQL shows on a first visit: a query that answers on the sandbox, and how to sign in."""

from __future__ import annotations

# Credentials go in the Headers tab, which starts empty: with `make run` (authentication off,
# every source simulated) an anonymous request already acts as the sandbox's demo user, and a
# prefilled token would be one more thing that expires.
DEFAULT_QUERY = """\
# Work gateway: one graph over five work APIs.
# Run: Ctrl-Enter, or the ▶ button.
#
# Headers tab (below): your credentials, as JSON:
#   {"Authorization": "Bearer <token>"}
# `gateway token --sub priya.shah@example.com`
# prints a development token; without one,
# `make run` acts as demo@example.com.
#
# Left sidebar: Docs (every type and field),
# History, and Explorer (tick fields to build
# a query).

query Dashboard {
  taskSummary { totalCount exact byState { state count } }
  tasks(first: 10) {
    totalCount
    sources { source ok errorCode truncated }
    edges { node { __typename title state statusRaw source dueAt } }
  }
}
"""
