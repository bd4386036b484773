"""Setting types the sources share (the connection policy itself is `gateway.http.settings`)."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_settings import NoDecode


def _id_list(value: object) -> object:
    # `a,b` as well as a JSON list, so `GATEWAY_…__DEFAULT_…_IDS=a,b` reads as it looks.
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            return json.loads(value)
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


# A list of upstream ids in a setting: from the environment as `a,b` or as a JSON list.
IdList = Annotated[list[str], NoDecode, BeforeValidator(_id_list)]
