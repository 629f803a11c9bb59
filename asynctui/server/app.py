"""The HTTP side of the sync server: a Starlette app over a :class:`ServerLog`.

docs/protocol.md is the contract. Three pieces carry its promises:

- :class:`GroupCommit` takes the appends that arrive together and commits
  them in one transaction on a thread of its own; each request is answered
  only after that commit. One fsync then serves many requests.
- :class:`Changes` wakes the long-polling readers after each commit.
- :class:`RateLimiter` is a token bucket per device token.

Every answer that is not a 2xx is JSON ``{"error", "message"}``; nothing a
client sends can make the server answer 500 on purpose.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import queue
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from asynctui.core.events import MAX_BODY_CHARS, Event
from asynctui.server import api_types as api
from asynctui.server.log import DeviceTaken, Identity, JoinError, Plan, Refused, ServerLog
from asynctui.server.openapi import openapi_document

__all__ = ["ApiError", "Limits", "create_app"]

log = logging.getLogger("asynctui.server")

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
        self.body = api.Error(code, _one_line(message), index)
        self.headers = headers or {}


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def _json(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        _encoder.encode(value), status_code=status, media_type="application/json",
        headers=headers,
    )  # fmt: skip


# -- group commit and wake-ups ----------------------------------------------------


@dataclass
class _Pending:
    events: list[Event]
    plan: Plan
    token_hash: str
    done: asyncio.Future[list[int]]


class Changes:
    """Wakes every waiting reader when new events have committed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)


class GroupCommit:
    """Appends from concurrent requests, committed together by one writer thread.

    The thread waits on a queue of its own and takes everything that is there
    into one transaction; while it commits, the next group gathers. The event
    loop only queues a request and, once per group, hears the results: no task
    or executor round per group, as its time is the server's limit under load."""

    MAX_GROUP = 256

    def __init__(self, store: ServerLog, changes: Changes) -> None:
        self.store = store
        self.changes = changes
        self._queue: queue.SimpleQueue[_Pending | str | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="asynctui-writer", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread.start()

    async def stop(self) -> None:
        """Commit what is queued, then end the thread."""
        if self._loop is not None:
            self._queue.put(None)
            await asyncio.to_thread(self._thread.join)

    def touch(self, token_hash: str) -> None:
        """Note that a device was seen, on the writer's thread: a write on the
        event loop would wait there for the writer's transaction to end."""
        self._queue.put(token_hash)

    def append(self, events: list[Event], plan: Plan, token_hash: str) -> asyncio.Future[list[int]]:
        """The events' sequence numbers, once committed (or a 401/409 ApiError)."""
        assert self._loop is not None, "GroupCommit.start() first"
        done: asyncio.Future[list[int]] = self._loop.create_future()
        self._queue.put(_Pending(events, plan, token_hash, done))
        return done

    def _work(self) -> None:
        while True:
            group: list[_Pending] = []
            item = self._queue.get()
            while True:
                if item is None:
                    self._commit(group)
                    return
                if isinstance(item, str):
                    self._seen(item)
                else:
                    group.append(item)
                if len(group) >= self.MAX_GROUP:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._commit(group)

    def _seen(self, token_hash: str) -> None:
        try:
            self.store.seen(token_hash)
        except Exception:  # noqa: BLE001 - a last-seen time is not worth a failure
            log.exception("could not note when a device was seen")

    def _commit(self, group: list[_Pending]) -> None:
        if not group:
            return
        assert self._loop is not None
        try:
            results: list[list[int] | Refused] | BaseException = self.store.append_checked(
                [p.events for p in group], [p.plan for p in group], [p.token_hash for p in group]
            )
        except Exception as exc:  # noqa: BLE001 - every waiter hears of it
            log.exception("append failed")
            results = exc
        self._loop.call_soon_threadsafe(self._deliver, group, results)

    def _deliver(
        self, group: list[_Pending], results: list[list[int] | Refused] | BaseException
    ) -> None:
        for n, pending in enumerate(group):
            if pending.done.done():  # its client went away
                continue
            if isinstance(results, BaseException):
                pending.done.set_exception(results)
                continue
            seqs = results[n]
            if isinstance(seqs, Refused):
                pending.done.set_exception(_refusal(seqs))
            else:
                pending.done.set_result(seqs)
        self.changes.notify()


def _refusal(refused: Refused) -> ApiError:
    if refused.status == 401:
        return ApiError(401, "unauthorized", str(refused))
    return ApiError(409, "conflict", str(refused), index=refused.index)


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


# -- the app ------------------------------------------------------------------------


_Handler = Callable[[Request, "_State"], Awaitable[Response]]


@dataclass
class _State:
    store: ServerLog
    limits: Limits
    changes: Changes
    writer: GroupCommit
    limiter: RateLimiter
    seen: dict[str, float] = field(default_factory=dict)


def create_app(db_path: Path, limits: Limits | None = None) -> Starlette:
    """The server for the workspace in ``db_path`` (created if missing)."""
    limits = limits or Limits()
    store = ServerLog(db_path)
    store.cache_scopes()
    store.cache_identities()
    state: _State | None = None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal state
        changes = Changes()
        writer = GroupCommit(store, changes)
        writer.start()
        state = _State(store, limits, changes, writer, RateLimiter(limits.rate_per_s, limits.burst))
        try:
            yield
        finally:
            await writer.stop()

    def current() -> _State:
        if state is None:
            raise ApiError(503, "internal", "the server is starting")
        return state

    def route(path: str, handlers: dict[str, _Handler]) -> Route:
        async def endpoint(request: Request) -> Response:
            try:
                return await handlers[request.method](request, current())
            except ApiError as exc:
                return _json(exc.body, exc.status, exc.headers)

        return Route(path, endpoint, methods=list(handlers))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code: api.ErrorCode = {404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "bad_request"
        )  # type: ignore[assignment]
        headers = dict(exc.headers) if exc.headers else None
        return _json(api.Error(code, _one_line(str(exc.detail))), exc.status_code, headers)

    async def on_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _json(api.Error("internal", "the server failed; it has been logged"), 500)

    app = Starlette(
        routes=[
            route("/healthz", {"GET": _healthz, "HEAD": _healthz}),
            route("/v1/openapi.json", {"GET": _openapi, "HEAD": _openapi}),
            route("/v1/join", {"POST": _join}),
            route("/v1/me", {"GET": _me, "HEAD": _me}),
            route("/v1/events", {"GET": _read, "HEAD": _read, "POST": _append}),
            route("/v1/admin/invites", {"POST": _invite}),
            route("/v1/admin/revoke", {"POST": _revoke}),
            route("/v1/admin/devices", {"GET": _devices, "HEAD": _devices}),
        ],
        exception_handlers={HTTPException: on_http_error, Exception: on_error},
        lifespan=lifespan,
    )
    app.state.log = store
    return app


# -- helpers shared by the handlers --------------------------------------------------------


def _identify(request: Request, state: _State, *, cached: bool = False) -> Identity:
    """The caller's identity. ``cached``: from memory, for an append, whose token
    the writer checks again in its transaction if devices or members changed."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        raise ApiError(401, "unauthorized", "send `Authorization: Bearer <token>`")
    lookup = state.store.identify_cached if cached else state.store.identify
    identity = lookup(token.strip())
    if identity is None:
        raise ApiError(401, "unauthorized", "this token is not valid (unknown or revoked)")
    wait = state.limiter.check(identity.token_hash)
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            "too many requests; slow down",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    now = time.monotonic()
    if now - state.seen.get(identity.token_hash, -math.inf) > 60:
        state.seen[identity.token_hash] = now
        state.writer.touch(identity.token_hash)
    return identity


def _admin(request: Request, state: _State) -> Identity:
    identity = _identify(request, state)
    if not identity.admin:
        raise ApiError(403, "forbidden", "only an admin can manage members")
    return identity


async def _body(request: Request, state: _State) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > state.limits.max_body_bytes:
        raise ApiError(413, "too_large", f"the body is over {state.limits.max_body_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > state.limits.max_body_bytes:
            raise ApiError(
                413, "too_large", f"the body is over {state.limits.max_body_bytes} bytes"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes, kind: type[T]) -> T:
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


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
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


def _float_param(request: Request, name: str, high: float) -> float:
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


def _cursor(state: _State, text: str) -> int:
    """The sequence a cursor stands at. It also names the workspace and the event
    at that place, so a log that is not the one the client read (another
    workspace, a database restored from an older backup, even once it has grown
    past the cursor again) is told apart and answered with a reset."""
    if not text:
        return 0
    workspace, number, event = (text.split(":") + ["", ""])[:3]
    if (
        workspace == state.store.workspace
        and number.isdigit()
        and text.count(":") == 2
        and (int(number) == 0 or state.store.id_at(int(number)) == event)
    ):
        return int(number)
    raise ApiError(
        409,
        "reset",
        "this cursor does not belong to this server's log (another workspace, or a"
        " database restored from an older backup): read again from the start",
    )


def _check_events(events: list[Event], who: Identity, limits: Limits) -> None:
    if len(events) > limits.max_events:
        raise ApiError(413, "too_large", f"at most {limits.max_events} events per request")
    for i, event in enumerate(events):
        if event.author != who.member or event.device != who.device:
            raise ApiError(
                403,
                "forbidden",
                "an event may only be written by its own author from its own device",
                index=i,
            )
        if event.at.tzinfo is None:
            raise ApiError(400, "bad_request", "an event time must have a time zone", index=i)
        for name in event.body.__struct_fields__:
            value = getattr(event.body, name)
            if isinstance(value, str) and len(value) > MAX_BODY_CHARS:
                raise ApiError(
                    400,
                    "too_long",
                    f"{name} is over {MAX_BODY_CHARS} characters",
                    index=i,
                )


# -- the handlers ----------------------------------------------------------------


async def _healthz(request: Request, state: _State) -> Response:
    return _json(api.Health(True, state.store.workspace, state.store.last_seq()))


async def _openapi(request: Request, state: _State) -> Response:
    return _json(openapi_document())


async def _join(request: Request, state: _State) -> Response:
    ask = _decode(await _body(request, state), api.JoinRequest)
    device = ask.device
    try:
        token, who, name = await run_in_threadpool(state.store.join, ask.code, device)
    except DeviceTaken as exc:
        raise ApiError(409, "conflict", str(exc)) from None
    except JoinError as exc:
        raise ApiError(404, "not_found", str(exc)) from None
    return _json(api.JoinResponse(token, who.member, name, who.handle, state.store.workspace))


async def _me(request: Request, state: _State) -> Response:
    who = _identify(request, state)
    return _json(
        api.Me(
            who.member, who.device, who.handle, "admin" if who.admin else "member",
            state.store.workspace,
        )
    )  # fmt: skip


async def _append(request: Request, state: _State) -> Response:
    who = _identify(request, state, cached=True)
    ask = _decode(await _body(request, state), api.AppendRequest)
    _check_events(ask.events, who, state.limits)
    # An id already stored under another author is refused by the writer
    # (ServerLog.append_checked), inside the transaction: no look-up here.
    # The scope check reads the in-memory channels and objects (ServerLog.
    # cache_scopes); it asks SQLite only about an id it does not know. Big
    # batches still go to a worker thread.
    try:
        if len(ask.events) <= 32:
            plan = state.store.plan(ask.events, who.member)
        else:
            plan = await run_in_threadpool(state.store.plan, ask.events, who.member)
    except Refused as exc:
        code: api.ErrorCode = "not_found" if exc.status == 404 else "conflict"
        raise ApiError(exc.status, code, str(exc), index=exc.index) from None
    seqs = await state.writer.append(ask.events, plan, who.token_hash) if ask.events else []
    return _json(api.AppendResponse(seqs))


async def _visible(
    state: _State, after: int, limit: int, member: str
) -> tuple[list[tuple[int, str, bytes]], int]:
    """:meth:`ServerLog.read`. A read of at most the last 64 sequence numbers
    (a long-poll woken by a commit, a client that is up to date) is done on
    the event loop: the hop to a worker thread cost more than the read, and
    100 waiters woken at once paid it 100 times (delivery p50 ~24 -> ~14 ms,
    benchmarks/bench_server.py). Longer reads go to a worker thread."""
    if state.store.last_seq() - after <= 64:
        return state.store.read(after, limit, member)
    return await run_in_threadpool(state.store.read, after, limit, member)


async def _read(request: Request, state: _State) -> Response:
    who = _identify(request, state)
    limits = state.limits
    after = _cursor(state, request.query_params.get("after", ""))
    limit = _int_param(request, "limit", limits.default_read, 1, limits.max_read)
    wait = _float_param(request, "wait", limits.max_wait_s)
    rows, upto = await _visible(state, after, limit + 1, who.member)
    if not rows and upto == after and wait > 0:
        await state.changes.wait(wait)
        rows, upto = await _visible(state, after, limit + 1, who.member)
    more = len(rows) > limit
    rows = rows[:limit]
    if more or (rows and rows[-1][0] == upto):
        position = f"{rows[-1][0]}:{rows[-1][1]}"
    else:
        # Up to where the read looked, past others' private events it skipped.
        position = f"{upto}:{state.store.id_at(upto) or ''}" if upto else "0:"
    cursor = _encoder.encode(f"{state.store.workspace}:{position}")
    body = b"".join(
        (
            b'{"events":[',
            b",".join(line for _, _, line in rows),
            b'],"cursor":',
            cursor,
            b',"more":',
            b"true" if more else b"false",
            b"}",
        )
    )
    return Response(body, media_type="application/json")


async def _invite(request: Request, state: _State) -> Response:
    _admin(request, state)
    ask = _decode(await _body(request, state), api.InviteRequest)
    handle = ask.handle.lstrip("@")
    try:
        if ask.name.strip():
            member, code = await run_in_threadpool(
                lambda: state.store.add_member(handle, ask.name.strip(), admin=ask.admin)
            )
        else:
            code = await run_in_threadpool(state.store.invite, handle)
            member = state.store.member_id(handle)
    except JoinError as exc:
        raise ApiError(409, "conflict", str(exc)) from None
    return _json(api.InviteResponse(member, handle, code))


async def _revoke(request: Request, state: _State) -> Response:
    _admin(request, state)
    ask = _decode(await _body(request, state), api.RevokeRequest)
    if ask.target.startswith("@"):
        count = await run_in_threadpool(lambda: state.store.revoke(handle=ask.target))
    else:
        count = await run_in_threadpool(lambda: state.store.revoke(device=ask.target))
    return _json(api.RevokeResponse(count))


async def _devices(request: Request, state: _State) -> Response:
    _admin(request, state)
    rows = await run_in_threadpool(state.store.devices)
    return _json(api.DevicesResponse([msgspec.convert(r, api.DeviceInfo) for r in rows]))
