"""The cost model's vocabulary: what a field declares about the upstream calls it makes.

A field states its cost where it is defined, as `metadata=cost(...)` on `strawberry.field`:
how many calls resolving it makes for the parent objects of one resolution group (`calls`), how
many objects each list below it holds (`items`), and whether its loader's calls are shared with
other fields on the same objects (`loader`). `schema.graph.limits.estimate` adds the
declarations up over a document into an upper bound on the request's upstream calls.

A field without a declaration costs nothing, and a list below it holds `DEFAULT_ITEMS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from gateway.clients import Clients
from gateway.config import Settings
from gateway.errors import SourceNotConfigured

C = TypeVar("C")
S = TypeVar("S")

KEY = "cost"
# Objects a list holds when nothing above it says how many (only matters when its own fields
# cost something): larger than any upstream page the gateway asks for.
DEFAULT_ITEMS = 200


@dataclass(frozen=True)
class Site:
    """Where a field is resolved: its arguments and the parent objects of one group."""

    args: Mapping[str, Any]
    # Parent objects whose fields resolve together (one loader tick).
    objects: int
    settings: Settings
    clients: Clients | None = None

    def arg(self, name: str, default: Any = None) -> Any:
        value = self.args.get(name)
        return default if value is None else value

    def count(self, name: str) -> int:
        """Length of a list argument (0 when absent)."""
        value = self.args.get(name)
        return len(value) if isinstance(value, list | tuple) else 0

    def section(self, client_type: type[Any], configured: S) -> S:
        """The settings the open client uses (with the sandbox's default ids when simulated),
        else the configured section."""
        found = getattr(self.client(client_type), "settings", None)
        return cast(S, found) if found is not None else configured

    def client(self, client_type: type[C]) -> C | None:
        if self.clients is None:
            return None
        try:
            return self.clients.get(client_type)
        except SourceNotConfigured:
            return None


Calls = Callable[[Site], int]
Items = Callable[[Site], int]


def _none(site: Site) -> int:
    return 0


@dataclass(frozen=True)
class Cost:
    """One field's declaration (see the module docstring)."""

    calls: Calls = _none
    items: Items | None = None
    # Each parent object's answer arrives on its own (one call per object): the objects below
    # resolve in separate loader ticks, so their batched lookups do not merge.
    fans_out: bool = False
    # Fields sharing a loader on the same objects make its calls once; a parent that already
    # loaded it for its objects `provides` it, and then it costs nothing.
    loader: str | None = None
    provides: frozenset[str] = field(default_factory=frozenset)
    # For fields returning an interface: how many objects of each concrete type (node ids).
    types: Callable[[Site], Mapping[str, int]] | None = None


def cost(
    calls: Calls | int = 0,
    *,
    items: Items | int | None = None,
    fans_out: bool = False,
    loader: str | None = None,
    provides: tuple[str, ...] = (),
    types: Callable[[Site], Mapping[str, int]] | None = None,
) -> dict[str, Any]:
    """`metadata=` for `strawberry.field`: this field's cost declaration."""
    return {
        KEY: Cost(
            calls=_constant(calls) if isinstance(calls, int) else calls,
            items=_constant(items) if isinstance(items, int) else items,
            fans_out=fans_out,
            loader=loader,
            provides=frozenset(provides),
            types=types,
        )
    }


def _constant(value: int) -> Calls:
    return lambda site: value


# -- the usual shapes ------------------------------------------------------------------------


def per_object(calls: int = 1) -> Calls:
    """A call (or `calls`) for every parent object: per-key loaders, per-object lists."""
    return lambda site: site.objects * calls


def ceil_div(count: int, size: int) -> int:
    return math.ceil(max(count, 0) / max(size, 1))


def batch_calls(keys: int, batch: int, cap: int | None = None) -> int:
    """Calls for `keys` keys sent `batch` a call, each call split again at the upstream's cap."""
    per_batch = ceil_div(batch, cap) if cap is not None else 1
    return ceil_div(keys, batch) * per_batch
