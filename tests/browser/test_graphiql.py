"""GraphiQL in a real headless Chromium, offline: renders, runs typed queries, sends headers."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from gateway.callers.dev_key import mint_development_token
from gateway.callers.scopes import WORK_READ
from tests.browser.conftest import Served, Watch

QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
# The variables and headers editors share the tools pane; the tab shown is the one not hidden.
HEADERS_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RESPONSE = ".graphiql-response"
SEND_TASK = (
    'query OneSendTask { sendTask(id: "U2VuZFRhc2s6NTAwMw==") { upstreamId product { name } } }'
)
MY_WORK = "query MyWork { workInstances(type: OPEN, first: 3) { edges { node { name } } } }"
PRIYA = "priya.shah@example.com"  # a sandbox user; anonymous requests act as demo@


def open_graphiql(context: BrowserContext, watch: Watch, served: Served) -> Page:
    page = context.new_page()
    page.on("websocket", watch.websocket)
    page.goto(f"{served.url}/graphql")
    page.locator(QUERY_EDITOR).wait_for()
    return page


def type_into(page: Page, editor: str, text: str, then: str = "") -> None:
    """Types as a person does, so the editor's bracket closing and hints see every key."""
    # `then`: what the editor closed by itself (quotes, brackets), still after the cursor.
    page.locator(editor).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)
    assert editor_text(page, editor) == text + then


def type_query(page: Page, query: str, operation: str) -> None:
    type_into(page, QUERY_EDITOR, query)
    # GraphiQL reads the operation name off the editor a moment after the last key (debounced);
    # running before that sends the previous query's name.
    page.wait_for_function(
        "([editor, name]) => document.querySelector(editor).CodeMirror.operationName === name",
        arg=[QUERY_EDITOR, operation],
    )


def editor_text(page: Page, editor: str) -> str:
    value: str = page.locator(editor).evaluate("element => element.CodeMirror.getValue()")
    return value


def run_query(page: Page) -> None:
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()


def answer(served: Served, query: str, headers: dict[str, str] | None = None) -> Any:
    """The data straight from the gateway, to compare with what the page shows."""
    body = httpx.post(
        f"{served.url}/graphql", json={"query": query}, headers=headers, timeout=10
    ).json()
    assert "errors" not in body, body
    return body["data"]


def test_graphiql_renders_offline_with_every_tool_under_its_csp(
    served_gateway: Served, watched: tuple[BrowserContext, Watch]
) -> None:
    context, watch = watched

    page = open_graphiql(context, watch, served_gateway)
    # Every panel that draws something at run time: explorer, docs, and a dialog (which adds
    # <style> elements of its own).
    page.get_by_role("button", name="Show GraphiQL Explorer").click()
    expect(page.locator(".graphiql-explorer-root")).to_contain_text("sendTasks")
    page.get_by_role("button", name="Show Documentation Explorer").click()
    expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Query")
    page.get_by_role("button", name="Open settings dialog").click()
    expect(page.get_by_role("dialog")).to_contain_text("Theme")
    page.keyboard.press("Escape")

    assert "query Dashboard" in editor_text(page, QUERY_EDITOR)
    expect(page.locator(HEADERS_EDITOR)).to_be_visible()
    assert watch.outside == []
    assert watch.csp_violations == []
    assert watch.page_errors == []


def test_a_typed_query_runs_and_the_result_pane_shows_sandbox_data(
    served_gateway: Served, watched: tuple[BrowserContext, Watch]
) -> None:
    context, watch = watched
    product = answer(served_gateway, SEND_TASK)["sendTask"]["product"]["name"]
    page = open_graphiql(context, watch, served_gateway)

    type_query(page, SEND_TASK, "OneSendTask")
    run_query(page)

    expect(page.locator(RESPONSE)).to_contain_text(f'"name": "{product}"')
    expect(page.locator(RESPONSE)).to_contain_text('"upstreamId": "5003"')
    assert watch.outside == []
    assert watch.csp_violations == []


def test_a_header_set_in_the_headers_tab_reaches_the_gateway(
    served_gateway: Served, watched: tuple[BrowserContext, Watch]
) -> None:
    context, watch = watched
    token = mint_development_token(PRIYA, [WORK_READ], lifetime_s=300)
    as_demo = answer(served_gateway, MY_WORK)
    as_priya = answer(served_gateway, MY_WORK, {"Authorization": f"Bearer {token}"})
    assert as_priya != as_demo
    first_of_priya = as_priya["workInstances"]["edges"][0]["node"]["name"]
    page = open_graphiql(context, watch, served_gateway)

    page.get_by_role("button", name="Headers", exact=True).click()
    type_into(page, HEADERS_EDITOR, '{"Authorization": "Bearer ', then='"}')
    page.keyboard.insert_text(token)  # pasted, as a person does with a token
    page.keyboard.type('"}')
    assert editor_text(page, HEADERS_EDITOR) == f'{{"Authorization": "Bearer {token}"}}'
    type_query(page, MY_WORK, "MyWork")
    run_query(page)

    expect(page.locator(RESPONSE)).to_contain_text(f'"name": "{first_of_priya}"')
    sent = served_gateway.recorder.graphql_posts[-1]
    assert sent["authorization"] == f"Bearer {token}"
    assert watch.outside == []


def test_the_watch_blocks_and_records_every_request_off_the_origin(
    watched: tuple[BrowserContext, Watch],
) -> None:
    context, watch = watched
    page = context.new_page()

    # A page with no CSP of its own, so only the route stands between it and the CDN.
    page.set_content('<img src="https://unpkg.com/graphiql@3.8.3/graphiql.min.css">')

    page.wait_for_function("() => document.images[0].complete")
    assert watch.outside == ["https://unpkg.com/graphiql@3.8.3/graphiql.min.css"]


LIVE = 'subscription Live { sendTaskChanged(ids: ["U2VuZFRhc2s6NTAwMw=="]) { __typename } }'


def test_a_subscription_runs_in_graphiql_over_a_websocket_under_the_csp(
    served_gateway: Served, watched: tuple[BrowserContext, Watch]
) -> None:
    context, watch = watched
    page = open_graphiql(context, watch, served_gateway)
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))

    type_query(page, LIVE, "Live")
    run_query(page)

    # The initial snapshot: the live dashboard in GraphiQL needs nothing set up.
    expect(page.locator(RESPONSE)).to_contain_text('"__typename": "TaskSnapshot"')
    assert sockets == [f"{served_gateway.url.replace('http', 'ws')}/graphql"]
    assert watch.outside == []
    assert watch.csp_violations == []
