"""The HTTP edge of the sync server: its limits, its one error type, and the
careful reading of what a request carries (body, JSON, query numbers).

Every answer that is not a 2xx is JSON ``{"error", "message"}``: an
:class:`ApiError` raised anywhere in a handler becomes one.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from asynctui.core.events import MAX_BODY_CHARS
from asynctui.server import api_types as api

__all__ = [
    "ApiError",
    "Limits",
    "RateLimiter",
    "decode_body",
    "float_param",
    "int_param",
    "json_response",
    "one_line",
    "read_body",
]

T = TypeVar("T")

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 4 << 20
    max_events: int = 500
    rate_per_s: float = 20.0
    burst: int = 100
    max_wait_s: float = 60.0
    default_read: int = 1_000
    max_read: int = 20_000


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: api.ErrorCode,
        message: str,
        *,
        index: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = api.Error(code, one_line(message), index)
        self.headers = headers or {}


def one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        _encoder.encode(value), status_code=status, media_type="application/json",
        headers=headers,
    )  # fmt: skip


class RateLimiter:
    """A token bucket per device token: ``rate`` requests a second, ``burst`` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, key: str, now: float | None = None) -> float:
        """0 if the request may go on, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens - 1.0, now)
        return 0.0


async def read_body(request: Request, limits: Limits) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise ApiError(413, "too_large", f"the body is over {limits.max_body_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise ApiError(413, "too_large", f"the body is over {limits.max_body_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_body(data: bytes, kind: type[T]) -> T:
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as exc:
        message = str(exc)
        index = _event_index(message)
        # The wire types bound a batch's size and a message's length.
        if message.endswith("- at `$.events`") and "length <=" in message:
            raise ApiError(413, "too_large", message) from None
        code: api.ErrorCode = (
            "too_long" if f"length <= {MAX_BODY_CHARS}" in message else ("bad_request")
        )
        raise ApiError(400, code, message, index=index) from None
    except msgspec.DecodeError as exc:
        raise ApiError(400, "bad_request", f"the body is not valid JSON: {exc}") from None


def _event_index(message: str) -> int | None:
    marker = "$.events["
    start = message.find(marker)
    if start == -1:
        return None
    digits = message[start + len(marker) :].split("]", 1)[0]
    return int(digits) if digits.isdigit() else None


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, "bad_request", f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise ApiError(400, "bad_request", f"{name} must be between {low} and {high}")
    return value


def float_param(request: Request, name: str, high: float) -> float:
    text = request.query_params.get(name)
    if text is None or text == "":
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise ApiError(400, "bad_request", f"{name} must be a number of seconds") from None
    if not 0 <= value <= high or math.isnan(value):
        raise ApiError(400, "bad_request", f"{name} must be between 0 and {high:g} seconds")
    return value
