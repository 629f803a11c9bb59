"""The HTTP edge of the sync server: its limits, its one error type, and the
careful reading of what a request carries (body, JSON, query numbers).

Every answer that is not a 2xx is JSON ``{"error", "message"}``: an
:class:`ApiError` raised anywhere in a handler becomes one. (The limits of the
connection itself, below the app, are :mod:`asynctui.server.guard`'s.)
"""

from __future__ import annotations

import functools
import ipaddress
import math
import time
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from asynctui.core.events import MAX_BODY_CHARS
from asynctui.server import api_types as api

__all__ = [
    "ApiError",
    "FailureLimiter",
    "Limits",
    "RateLimiter",
    "decode_body",
    "float_param",
    "int_param",
    "json_response",
    "one_line",
    "read_body",
    "too_many",
    "unavailable",
]

T = TypeVar("T")

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 4 << 20
    """A device's request body (an append of up to 500 events)."""
    max_join_bytes: int = 4 << 10
    """The body of ``POST /v1/join``, which anyone may send: a code and a device name."""
    max_events: int = 500
    rate_per_s: float = 20.0
    """Requests a second per device token, sustained."""
    burst: int = 100
    failures_per_minute: float = 10.0
    """Failed joins and unknown or revoked tokens a minute per client address, sustained."""
    failure_burst: int = 20
    max_wait_s: float = 25.0
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


def too_many(wait: float, message: str) -> ApiError:
    return ApiError(
        429, "rate_limited", message, headers={"Retry-After": str(max(1, math.ceil(wait)))}
    )


def unavailable() -> ApiError:
    """The database cannot be written (gone, replaced, read-only, full): nothing
    was stored; the client tries again later, the operator reads the log."""
    return ApiError(
        503, "unavailable", "the server cannot write its database; nothing was stored",
        headers={"Retry-After": "30"},
    )  # fmt: skip


class FailureLimiter:
    """A token bucket per client address, spent only by failures: wrong join
    codes and unknown or revoked tokens. ``per_minute`` sustained, ``burst`` at
    once. An address that has spent it is refused before any work is done, a
    right guess as well as a wrong one, so guessing gains nothing.

    Only addresses that failed lately have a bucket; for everyone else
    :meth:`wait` is one test of an empty or small dict. IPv6 addresses count
    by their /64, which one machine usually has whole."""

    PRUNE_AT = 10_000

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}

    def wait(self, request: Request, now: float | None = None) -> float:
        """0 if this address may try, else the seconds until it may."""
        if not self._buckets:
            return 0.0
        key = _address(request)
        found = self._buckets.get(key)
        if found is None:
            return 0.0
        tokens = self._refill(found, time.monotonic() if now is None else now)
        if tokens >= self.burst:
            del self._buckets[key]
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def failed(self, request: Request, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        key = _address(request)
        found = self._buckets.get(key)
        tokens = self.burst if found is None else self._refill(found, now)
        self._buckets[key] = (max(0.0, tokens - 1.0), now)
        if len(self._buckets) > self.PRUNE_AT:
            for other, bucket in list(self._buckets.items()):
                if self._refill(bucket, now) >= self.burst:
                    del self._buckets[other]

    def _refill(self, bucket: tuple[float, float], now: float) -> float:
        tokens, last = bucket
        return min(self.burst, tokens + (now - last) * self.rate)


def _address(request: Request) -> str:
    client = request.scope.get("client")
    return _address_key(client[0]) if client else ""


@functools.lru_cache(maxsize=4096)
def _address_key(host: str) -> str:
    if ":" not in host:
        return host
    try:
        return str(ipaddress.IPv6Network((host, 64), strict=False))
    except ValueError:
        return host


async def read_body(request: Request, limits: Limits, most: int | None = None) -> bytes:
    """The body, of at most ``most`` bytes (``limits.max_body_bytes``). The time
    it may take to arrive is bounded below the app (:mod:`asynctui.server.guard`)."""
    most = limits.max_body_bytes if most is None else most
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > most:
        raise _too_large(most)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > most:
                raise _too_large(most)
            chunks.append(chunk)
    except ClientDisconnect:
        # The client left, or the guard answered 408: nobody hears this answer,
        # but the handler stops here instead of logging a traceback.
        raise ApiError(400, "bad_request", "the connection closed before the body ended") from None
    return b"".join(chunks)


def _too_large(most: int) -> ApiError:
    # The rest of the body is not read: the connection closes after the answer.
    return ApiError(
        413, "too_large", f"the body is over {most} bytes", headers={"Connection": "close"}
    )


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
    except RecursionError:
        # An unknown field is skipped by recursion: deep enough, and it ran out.
        raise ApiError(400, "bad_request", "the body is nested too deeply") from None


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
