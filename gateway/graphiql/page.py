"""The GraphiQL page: HTML that loads only same-origin assets, under a strict CSP."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
VENDOR_MANIFEST = STATIC_DIR / "vendor" / "manifest.json"
# Where the app mounts STATIC_DIR; the page prefixes it with the request's root path.
ASSETS_PATH = "/graphiql"
OWN_SCRIPT = "gateway-graphiql.js"
OWN_STYLE = "gateway-graphiql.css"

# Scripts come from this origin only: no inline script, no eval. Styles too, without
# 'unsafe-inline': the <style> elements GraphiQL's dialogs add at run time carry the per-response
# nonce (see gateway-graphiql.js). The fonts are data: URLs inside graphiql.min.css.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'nonce-{nonce}'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Assets:
    """The vendored files (from manifest.json) in load order, as paths under ASSETS_PATH."""

    packages: dict[str, str]
    scripts: list[str]
    styles: list[str]
    notices: str

    @classmethod
    def load(cls, manifest: Path = VENDOR_MANIFEST) -> Assets | None:
        if not manifest.is_file():
            return None
        data = json.loads(manifest.read_text())
        own = {name: _fingerprinted(name) for name in (OWN_SCRIPT, OWN_STYLE)}
        # Vendored paths carry package@version, so they change whenever the content does.
        return cls(
            packages=dict(data["packages"]),
            scripts=[f"vendor/{path}" for path in data["scripts"]] + [own[OWN_SCRIPT]],
            styles=[f"vendor/{path}" for path in data["styles"]] + [own[OWN_STYLE]],
            notices=f"vendor/{data['notices']}",
        )


def _fingerprinted(name: str) -> str:
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{name}?v={digest}"


@dataclass(frozen=True)
class GraphiQLPage:
    """What the page shows first (the query) and the assets it loads."""

    default_query: str
    assets: Assets | None

    def response(self, request: Request) -> HTMLResponse:
        base = request.scope.get("root_path", "") + ASSETS_PATH
        nonce = secrets.token_urlsafe(18)
        headers = PAGE_HEADERS | {"Content-Security-Policy": CSP.format(nonce=nonce)}
        if self.assets is None:
            return HTMLResponse(MISSING_ASSETS, status_code=503, headers=headers)
        return HTMLResponse(self.html(base, self.assets, nonce), headers=headers)

    def html(self, base: str, assets: Assets, nonce: str) -> str:
        config = {"defaultQuery": self.default_query, "styleNonce": nonce}
        # A JSON data block is not executed, so the CSP allows it; "<" is escaped so that no
        # value can close the element early.
        data = json.dumps(config).replace("<", "\\u003c")
        href = [html.escape(f"{base}/{path}") for path in assets.styles]
        src = [html.escape(f"{base}/{path}") for path in assets.scripts]
        styles = "\n".join(f'    <link rel="stylesheet" href="{url}">' for url in href)
        scripts = "\n".join(f'    <script src="{url}"></script>' for url in src)
        versions = ", ".join(f"{name} {version}" for name, version in assets.packages.items())
        return PAGE.format(
            styles=styles,
            scripts=scripts,
            config=data,
            versions=html.escape(versions),
            notices=html.escape(f"{base}/{assets.notices}"),
        )


PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Work gateway · GraphiQL</title>
    <link rel="icon" href="data:,">
{styles}
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <noscript>GraphiQL needs JavaScript.</noscript>
    <footer id="graphiql-credits">{versions} ·
      <a href="{notices}" target="_blank" rel="noopener">licences</a></footer>
    <script type="application/json" id="graphiql-config">{config}</script>
{scripts}
  </body>
</html>
"""

MISSING_ASSETS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not built</title></head>
<body><p>GraphiQL's assets are not installed in this copy of the gateway. Run
<code>make graphiql</code> (it installs them from the npm lock file), then reload.</p></body></html>
"""
