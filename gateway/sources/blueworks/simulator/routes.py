"""Blueworks' reads: the WorkList in pages, one instance's detail, and the login host's redirect.

Part of the simulator (reference: shared/upstreams/blueworks-worklist.md).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from gateway.sandbox.wire import int_params
from gateway.sources.blueworks.simulator.responses import plain
from gateway.sources.blueworks.simulator.state import Account, Instance

ACCOUNT_POD = "us001"
VERSION = "20110917"
DEFAULT_LIMIT = 100
MAX_LIMIT = 100  # ASSUMPTION (reference: Pagination): the simulator caps silently at 100.


class Reads:
    """The API's GET endpoints over the account; each is given the user it acts for."""

    def __init__(self, account: Account) -> None:
        self.account = account

    async def work_list(self, request: Request, user: str) -> Response:
        query = request.query_params
        kind = query.get("type")
        if kind not in ("open", "closed"):
            return plain(400, "type must be open or closed")
        if query.get("version") != VERSION:
            return plain(400, f"version must be {VERSION}")
        params = int_params(request, {"limit": DEFAULT_LIMIT, "startFrom": 0})
        if params is None:
            return plain(400, "limit and startFrom must be integers")
        limit, start = params["limit"], params["startFrom"]
        if limit < 0 or start < 0:
            return plain(400, "limit and startFrom must not be negative")
        mine = sorted(
            (
                i
                for i in self.account.instances.values()
                if i.owner == user and i.closed == (kind == "closed")
            ),
            key=Instance.sort_key,
        )
        page = mine[start : start + min(limit, MAX_LIMIT)]
        # ASSUMPTION (reference: Pagination): apps lists only the apps of the returned page.
        app_ids = list(dict.fromkeys(i.app_id for i in page))
        return JSONResponse(
            {
                "work": [i.summary() for i in page],
                "more": start + len(page) < len(mine),
                "apps": [{"id": a, "type": self.account.apps[a]} for a in app_ids],
                "type": kind,
                "version": VERSION,
            }
        )

    async def work_detail(self, request: Request, user: str) -> Response:
        if request.query_params.get("version") != VERSION:
            return plain(400, f"version must be {VERSION}")
        work_id = request.query_params.get("workId")
        if not work_id:
            return plain(400, "workId is required")
        inst = self.account.instances.get(work_id)
        # ASSUMPTION: another user's instance is indistinguishable from a missing one (404).
        if inst is None or inst.owner != user:
            return plain(404, "No such work")
        detail = {
            "id": inst.id,
            "name": inst.name,
            "subject": inst.subject,
            "details": f"Started from the {self.account.apps[inst.app_id].lower()} app "
            f"{inst.app_id}.",
            "canManageWork": not inst.closed,
            "runtimeVersion": [VERSION],
            "tasks": inst.tasks,
        }
        return JSONResponse({"work": detail})


async def login_host(request: Request) -> Response:
    # The login host sends API calls to the account's host (reference: Base URL). The
    # mount's root path keeps the target right both in-process and behind `/sandbox`.
    root = request.scope.get("root_path", "")
    path = f"{root}/{ACCOUNT_POD}/scr/{request.path_params['rest']}"
    return RedirectResponse(str(request.url.replace(path=path)), status_code=301)
