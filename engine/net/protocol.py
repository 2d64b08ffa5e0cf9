"""The presence protocol, version 1 (docs/protocol.md): JSON text frames, checked before use.

Everything a client sends is parsed here into a typed message or refused with a ProtocolError that
carries the WebSocket close code and a reason for the log. Nothing a client sends is trusted: sizes,
numbers, names and order are all checked.
"""
from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

VERSION = 1
MAX_FRAME = 4096            # bytes; the server refuses anything larger (close 1009)
NAME_MAX = 32
CHAT_MAX = 500              # characters in one chat message
REACTIONS = ("clap", "hand", "thumbs", "heart", "question")
SCOPES = ("here", "venue")
MAX_COORD = 100_000.0       # metres: anything beyond is not a pose in any venue

# Close codes (RFC 6455 ranges: 1000-1015 standard, 4000-4999 the application's own).
CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_BINARY = 1003         # binary frames are not part of the protocol
CLOSE_FLOOD = 1008          # policy violation: more frames than allowed
CLOSE_TOO_BIG = 1009
CLOSE_MALFORMED = 4000
CLOSE_ORDER = 4001          # out of order: hello twice or missing, a pose older than the last
CLOSE_VERSION = 4002
CLOSE_ACCESS = 4003
CLOSE_REMOVED = 4004
CLOSE_FULL = 4005
CLOSE_IMPERSONATION = 4006  # a frame that speaks for another id


class ProtocolError(Exception):
    """A frame that ends its connection: the close code and the reason logged (and sent)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason[:120]   # close reasons are limited to 123 bytes


@dataclass(frozen=True)
class Hello:
    version: int
    name: str
    colour: str                    # "#rrggbb"
    access_code: str = ""
    organizer_code: str = ""
    token: str = ""                # from an earlier welcome: the server restores the name and colour


@dataclass(frozen=True)
class Pose:
    seq: int
    x: float
    z: float
    heading: float
    teleport: bool = False


@dataclass(frozen=True)
class Chat:
    scope: str
    text: str


@dataclass(frozen=True)
class React:
    kind: str


@dataclass(frozen=True)
class Organize:
    action: str                    # announce | mute | unmute | remove
    target: int = 0
    text: str = ""


@dataclass(frozen=True)
class Who:
    """Find people in the whole venue by name (the people panel)."""

    query: str


@dataclass(frozen=True)
class Locate:
    """Where someone is now (go to them, follow them)."""

    target: int


ClientMessage = Hello | Pose | Chat | React | Organize | Who | Locate


def parse(frame: str | bytes) -> ClientMessage:
    """One client frame as a message; ProtocolError for anything else."""
    if isinstance(frame, bytes):
        raise ProtocolError(CLOSE_BINARY, "binary frames are not part of the protocol")
    if len(frame.encode("utf-8", "surrogatepass")) > MAX_FRAME:
        raise ProtocolError(CLOSE_TOO_BIG, f"frame over {MAX_FRAME} bytes")
    try:
        data = json.loads(frame, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ProtocolError(CLOSE_MALFORMED, "not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        raise ProtocolError(CLOSE_MALFORMED, "a message is an object with a type \"t\"")
    if "id" in data:
        raise ProtocolError(CLOSE_IMPERSONATION, "clients do not name ids: the server knows who they are")
    reader = _READERS.get(data["t"])
    if reader is None:
        raise ProtocolError(CLOSE_MALFORMED, f"unknown message type {str(data['t'])[:20]!r}")
    return reader(data)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _hello(d: dict) -> Hello:
    version = _int(d, "v", 0, 1_000_000)
    if version != VERSION:
        raise ProtocolError(CLOSE_VERSION, f"protocol version {version} is not served (this server speaks {VERSION})")
    colour = _text(d, "colour", 7, "#808080")
    if len(colour) != 7 or colour[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in colour[1:]):
        raise ProtocolError(CLOSE_MALFORMED, "colour: expected #rrggbb")
    return Hello(version, clean_name(_text(d, "name", 400, "")), colour.lower(), _text(d, "access", 200, ""),
                 _text(d, "organizer", 200, ""), _text(d, "token", 64, ""))


def _pose(d: dict) -> Pose:
    x, z, heading = (_number(d, k) for k in ("x", "z", "h"))
    if max(abs(x), abs(z)) > MAX_COORD:
        raise ProtocolError(CLOSE_MALFORMED, "pose: outside any venue")
    teleport = d.get("tp", False)
    if not isinstance(teleport, bool):
        raise ProtocolError(CLOSE_MALFORMED, "pose: tp must be true or false")
    return Pose(_int(d, "seq", 0, 2**53), x, z, math.remainder(heading, 2 * math.pi), teleport)


def _chat(d: dict) -> Chat:
    scope = _text(d, "scope", 10, "here")
    if scope not in SCOPES:
        raise ProtocolError(CLOSE_MALFORMED, f"chat: scope is one of {', '.join(SCOPES)}")
    text = clean_text(_text(d, "text", 2000, ""))[:CHAT_MAX]
    if not text:
        raise ProtocolError(CLOSE_MALFORMED, "chat: empty message")
    return Chat(scope, text)


def _react(d: dict) -> React:
    kind = _text(d, "kind", 20, "")
    if kind not in REACTIONS:
        raise ProtocolError(CLOSE_MALFORMED, f"react: kind is one of {', '.join(REACTIONS)}")
    return React(kind)


def _organize(d: dict) -> Organize:
    action = _text(d, "action", 20, "")
    if action not in ("announce", "mute", "unmute", "remove"):
        raise ProtocolError(CLOSE_MALFORMED, "org: action is announce, mute, unmute or remove")
    text = clean_text(_text(d, "text", 2000, ""))[:CHAT_MAX]
    if action == "announce" and not text:
        raise ProtocolError(CLOSE_MALFORMED, "org: an announcement needs text")
    target = _int(d, "target", 0, 2**53) if action != "announce" else 0
    return Organize(action, target, text)


def _who(d: dict) -> Who:
    return Who(clean_text(_text(d, "q", NAME_MAX * 2, "")))


def _locate(d: dict) -> Locate:
    return Locate(_int(d, "target", 0, 2**53))


_READERS: dict[str, Callable[[dict], ClientMessage]] = {
    "hello": _hello, "pose": _pose, "chat": _chat, "react": _react, "org": _organize, "who": _who, "locate": _locate}


def _number(d: dict, key: str) -> float:
    v = d.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ProtocolError(CLOSE_MALFORMED, f"{key}: expected a number")
    f = float(v) if abs(v) < 1e300 else math.inf
    if not math.isfinite(f):
        raise ProtocolError(CLOSE_MALFORMED, f"{key}: not a finite number")
    return f


def _int(d: dict, key: str, lo: int, hi: int) -> int:
    v = d.get(key)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise ProtocolError(CLOSE_MALFORMED, f"{key}: expected a whole number from {lo} to {hi}")
    return v


def _text(d: dict, key: str, limit: int, default: str) -> str:
    v = d.get(key, default)
    if not isinstance(v, str):
        raise ProtocolError(CLOSE_MALFORMED, f"{key}: expected text")
    if len(v) > limit:
        raise ProtocolError(CLOSE_MALFORMED, f"{key}: longer than {limit} characters")
    return v


def clean_text(text: str) -> str:
    """Printable characters only (control and format characters and lone surrogates go), trimmed."""
    return "".join(c for c in text if unicodedata.category(c)[0] != "C" or c == " ").strip()


def clean_name(name: str) -> str:
    """1-32 printable characters; an empty or unprintable name becomes "Guest"."""
    return " ".join(clean_text(name).split())[:NAME_MAX].strip() or "Guest"


def encode(message_type: str, **fields: Any) -> str:
    """A frame: {"t": message_type, ...fields}."""
    return json.dumps({"t": message_type, **fields}, separators=(",", ":"), ensure_ascii=False)
