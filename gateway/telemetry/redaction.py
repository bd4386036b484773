"""Secrets out of every log line: the gateway's own and any library's (httpcore, uvicorn, ...).

Applied to each formatted line by the log handler (`gateway.logs`), so the message, its
arguments, extra fields and tracebacks are all covered. Two nets: the values themselves (every
configured secret, and each upstream token the moment it is fetched), and their shapes, for
values never seen before (an `Authorization` or cookie header, `token=`, `"password": ...`, a
JWT, a bearer credential). httpcore writes response headers at DEBUG, `Set-Cookie:
IBAPI_SESSID=…` included (issue 17): the shape net catches the cookie, the value net the same
session token wherever else it appears. One net works on records instead of lines: the
content of the frames a WebSocket client sends, which the server's library logs at DEBUG
(`ReceivedFrames`).
"""

from __future__ import annotations

import json
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, SecretStr

REDACTED = "[REDACTED]"

# A value shorter than this is not hunted as a literal: it would blank unrelated text and a
# secret that short is not protected by anything anyway.
MIN_LITERAL = 6
# Tokens rotate; the newest ones are kept (configured secrets never leave). Each costs a
# substring test per line (~40 ns).
MAX_LEARNED = 64

_HEADER_NAMES = r"(?:proxy-)?authorization|set-cookie|cookie"
_SENSITIVE_NAMES = (
    r"[\w-]*(?:token|secret|passw(?:or)?d|pwd|api[-_]?key|apikey|sessid|session[-_]?id"
    r"|signature|credentials?|private[-_]?key)[\w-]*|key"
)
# Between a name and its value: `: `, `=`, `": "` (`\\": \\"` inside a JSON line), or the
# `', b'` of httpcore's header tuples.
_SEP = r"""(?:\\?['"]?\s*[:=]\s*\\?['"]?|',\s*b')"""
_SHAPES = re.compile(
    # A whole header value, up to its closing quote or the end of the line.
    rf"""(?P<hname>(?<![\w-])(?:{_HEADER_NAMES}))(?P<hsep>{_SEP})(?P<hval>[^'"\\\r\n]+)"""
    # A named secret's value, up to a delimiter.
    rf"""|(?P<name>(?<![\w-])(?:{_SENSITIVE_NAMES}))(?P<sep>{_SEP})(?P<val>[^\s'"&,;)}}\]\\]+)"""
    # A credential after its scheme, and any JWT, wherever they stand.
    r"""|(?P<scheme>\b(?:Bearer|Basic)\s+)[\w.~+/=-]{6,}"""
    r"""|eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*""",
    re.IGNORECASE,
)
# The shapes above cost ~60 µs a line; a line with none of these words cannot match them, and
# testing for the words costs ~2 µs (most lines have none).
_TRIGGERS = (
    "auth",
    "cookie",
    "token",
    "secret",
    "passw",
    "pwd",
    "key",
    "sess",
    "signature",
    "credential",
    "bearer",
    "basic",
    "eyj",
)


def _hide_shape(match: re.Match[str]) -> str:
    if match["hname"] is not None:
        return f"{match['hname']}{match['hsep']}{REDACTED}"
    if match["name"] is not None:
        if match["val"].startswith("[REDACTED"):
            return match[0]
        return f"{match['name']}{match['sep']}{REDACTED}"
    if match["scheme"] is not None:
        return f"{match['scheme']}{REDACTED}"
    return REDACTED


class Redactor:
    """Replaces known secret values and secret-shaped text in one formatted log line."""

    def __init__(self) -> None:
        self._configured: set[str] = set()
        self._learned: OrderedDict[str, None] = OrderedDict()
        self._literals: tuple[str, ...] = ()

    def add(self, *values: str | None, learned: bool = False) -> None:
        """Hide these values from now on; `learned` ones (fetched tokens) are kept bounded."""
        changed = False
        for value in values:
            if value is None or len(value) < MIN_LITERAL or value in self._configured:
                continue
            if learned:
                self._learned[value] = None
                self._learned.move_to_end(value)
                while len(self._learned) > MAX_LEARNED:
                    self._learned.popitem(last=False)
            else:
                self._configured.add(value)
                self._learned.pop(value, None)
            changed = True
        if changed:
            self._literals = _spellings([*self._configured, *self._learned])

    def redact(self, line: str) -> str:
        for literal in self._literals:
            if literal in line:
                line = line.replace(literal, REDACTED)
        lowered = line.lower()
        if any(word in lowered for word in _TRIGGERS):
            line = _SHAPES.sub(_hide_shape, line)
        return line


class ReceivedFrames(logging.Filter):
    """Withholds the content of received WebSocket frames from the lines `websockets` writes.

    A client's `connection_init` carries its credentials, and the library shows a long frame's
    beginning and end with the middle elided, so a credential's name can be cut off while its
    last characters show: no shape can be judged there. The frame's type and size stay.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "< %s" and isinstance(record.args, tuple) and len(record.args) == 1:
            frame = record.args[0]
            opcode = getattr(getattr(frame, "opcode", None), "name", None)
            data = getattr(frame, "data", None)
            if opcode in _DATA_FRAMES and isinstance(data, bytes | bytearray | memoryview):
                record.args = (f"{opcode} {REDACTED} [{len(data)} bytes]",)
        return True


_DATA_FRAMES = frozenset({"TEXT", "BINARY", "CONT"})


def _spellings(values: Iterable[str]) -> tuple[str, ...]:
    """Each value as it is, and as JSON escapes it; the longest first (one may contain another)."""
    found = set()
    for value in values:
        found.add(value)
        found.add(json.dumps(value)[1:-1])
    return tuple(sorted(found, key=len, reverse=True))


def secrets_in(model: BaseModel) -> Iterator[str]:
    """Every `SecretStr` value in a settings model and its sections (and a URL's password)."""
    for name in type(model).model_fields:
        yield from _secrets_of(getattr(model, name))


def _secrets_of(value: object) -> Iterator[str]:
    if isinstance(value, SecretStr):
        secret = value.get_secret_value()
        yield secret
        if "://" in secret:
            password = urlsplit(secret).password
            if password:
                yield unquote(password)
    elif isinstance(value, BaseModel):
        yield from secrets_in(value)
    elif isinstance(value, list | tuple | frozenset | set):
        for item in value:
            yield from _secrets_of(item)


def otel_header_values(environ: Mapping[str, str]) -> Iterator[str]:
    """The values of `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS` (a tracing vendor's API key)."""
    for name in ("OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"):
        for pair in environ.get(name, "").split(","):
            _, _, value = pair.partition("=")
            if value.strip():
                yield unquote(value.strip())


# The process's redactor: logging is configured per process, and so is what it must hide.
REDACTOR = Redactor()


def remember(*values: str | None, learned: bool = False) -> None:
    """Never log these values (configured secrets; `learned=True` for fetched tokens)."""
    REDACTOR.add(*values, learned=learned)
