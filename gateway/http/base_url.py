"""A section's `BASE_URL` as the host root, whether it was given so or with the API's own path.

Each client adds its API's documented base path itself (`/api/v1`, `/api/v2/storefront`,
`/scr/api`), so a base URL that already ends in it would double the path and every call would
be a 404. Such a URL is trimmed to its host root at start-up; one whose path goes into the API
some other way (another version, a resource path) cannot be right and is refused in one line.
Any other path is a prefix (e.g. behind a proxy) and is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from pydantic import AnyHttpUrl


def normalised(url: AnyHttpUrl, api_base_path: str, api_roots: Sequence[str]) -> AnyHttpUrl:
    """`url` without a trailing documented API base path; ValueError for any other API path.

    `api_roots` are the first segments of the API's own paths (e.g. `api` and `oauth`): from
    the first of them on, a base URL's path must be exactly `api_base_path`.
    """
    segments = [s for s in (url.path or "").split("/") if s]
    start = next((i for i, s in enumerate(segments) if s in api_roots), None)
    if start is None:
        return url
    tail = "/" + "/".join(segments[start:])
    if api_base_path and tail == api_base_path:
        prefix = "/" + "/".join(segments[:start])
        return AnyHttpUrl(str(httpx.URL(str(url)).copy_with(path=prefix, query=None)))
    expected = f"the host root or …{api_base_path}" if api_base_path else "the host root"
    raise ValueError(
        f"{str(url).rstrip('/')} ends in {tail}, a path of the API itself: give {expected}"
        " (the gateway adds the API's paths)"
    )
