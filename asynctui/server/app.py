"""The sync server's routes: a Starlette app over a :class:`ServerLog`.

docs/protocol.md is the contract. The pieces that carry its promises live
beside this module: :mod:`asynctui.server.writer` (group commit and wake-ups),
:mod:`asynctui.server.http` (limits, errors, reading requests),
:mod:`asynctui.server.log` (the database).

Nothing a client sends can make the server answer 500 on purpose.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from asynctui.core.clock import Clock, SystemClock
from asynctui.server import api_types as api
from asynctui.server.checks import MAX_WAIT_ASKED, check_events, cursor_tag, parse_cursor
from asynctui.server.dbfile import FileWatch, unusable
from asynctui.server.http import (
    ApiError,
    FailureLimiter,
    Limits,
    RateLimiter,
    decode_body,
    float_param,
    int_param,
    json_response,
    one_line,
    read_body,
    too_many,
    unavailable,
)
from asynctui.server.log import DeviceTaken, Identity, JoinError, Refused, ServerLog
from asynctui.server.members import hash_secret
from asynctui.server.openapi import openapi_document
from asynctui.server.writer import Changes, GroupCommit

__all__ = ["ApiError", "Limits", "create_app"]

log = logging.getLogger("asynctui.server")

_encoder = msgspec.json.Encoder()

HIDDEN_SKIP = 1_000
"""Others' private events a reader's cursor moves past at once (see ``_read``)."""


# -- the app ------------------------------------------------------------------------


_Handler = Callable[[Request, "_State"], Awaitable[Response]]


@dataclass
class _State:
    store: ServerLog
    limits: Limits
    changes: Changes
    writer: GroupCommit
    limiter: RateLimiter
    failures: FailureLimiter
    """Per client address: wrong join codes, unknown and revoked tokens."""
    watch: FileWatch
    clock: Clock
    """What stamps each event's receive time: the system's, or ``--now``'s."""
    seen: dict[str, float] = field(default_factory=dict)


def create_app(
    db_path: Path, limits: Limits | None = None, clock: Clock | None = None
) -> Starlette:
    """The server for the workspace in ``db_path``, which must exist (``serve
    --create`` or ``admin create`` makes one): a server that made a new empty
    workspace where its database had gone would lose the team's history."""
    limits = limits or Limits()
    store = ServerLog(db_path, create=False)
    watch = FileWatch(store.path)
    store.cache_scopes()
    store.cache_identities()
    state: _State | None = None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal state
        changes = Changes()
        writer = GroupCommit(store, changes, watch)
        writer.start()
        state = _State(
            store, limits, changes, writer, RateLimiter(limits.rate_per_s, limits.burst),
            FailureLimiter(limits.failures_per_minute, limits.failure_burst), watch,
            clock or SystemClock(),
        )  # fmt: skip
        try:
            yield
        finally:
            await writer.stop()

    def current() -> _State:
        if state is None:
            raise ApiError(503, "internal", "the server is starting")
        return state

    def route(path: str, handlers: dict[str, _Handler], *, writes: bool = False) -> Route:
        """``writes``: the handlers write the database themselves, not through
        the group commit (which checks the file before each group)."""

        async def endpoint(request: Request) -> Response:
            try:
                state = current()
                if writes and request.method == "POST":
                    _check_file(state)
                return await handlers[request.method](request, state)
            except ApiError as exc:
                return json_response(exc.body, exc.status, exc.headers)
            except sqlite3.Error as exc:
                # A write the disk refused (read-only, full): one line, not a traceback.
                problem = unusable(exc)
                if problem is None:
                    raise
                watch.failed_write = problem
                watch.say(problem)
                refused = unavailable()
                return json_response(refused.body, refused.status, refused.headers)

        return Route(path, endpoint, methods=list(handlers))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code: api.ErrorCode = {404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "bad_request"
        )  # type: ignore[assignment]
        headers = dict(exc.headers) if exc.headers else None
        return json_response(api.Error(code, one_line(str(exc.detail))), exc.status_code, headers)

    async def on_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return json_response(api.Error("internal", "the server failed; it has been logged"), 500)

    app = Starlette(
        routes=[
            route("/healthz", {"GET": _healthz, "HEAD": _healthz}),
            route("/v1/openapi.json", {"GET": _openapi, "HEAD": _openapi}),
            route("/v1/join", {"POST": _join}, writes=True),
            route("/v1/me", {"GET": _me, "HEAD": _me}),
            route("/v1/events", {"GET": _read, "HEAD": _read, "POST": _append}),
            route("/v1/admin/invites", {"POST": _invite}, writes=True),
            route("/v1/admin/revoke", {"POST": _revoke}, writes=True),
            route("/v1/admin/devices", {"GET": _devices, "HEAD": _devices}),
        ],
        exception_handlers={HTTPException: on_http_error, Exception: on_error},
        lifespan=lifespan,
    )
    app.state.log = store
    return app


# -- helpers shared by the handlers --------------------------------------------------------


def _check_file(state: _State) -> None:
    problem = state.watch.problem()
    if problem is not None:
        state.watch.say(problem)
        raise unavailable()


def _identify(request: Request, state: _State, *, cached: bool = False) -> Identity:
    """The caller's identity. ``cached``: from memory, for an append, whose token
    the writer checks again in its transaction if devices or members changed.

    An address that sent too many unknown or revoked tokens is answered 429
    without a look-up, unless its token is one that has worked here since the
    server started (a member behind the same address as someone guessing keeps
    working)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        raise ApiError(401, "unauthorized", "send `Authorization: Bearer <token>`")
    token = token.strip()
    blocked = state.failures.wait(request)
    if blocked > 0:
        known = hash_secret(token) in state.seen
        identity = state.store.identify(token) if known else None
        if identity is None:
            raise too_many(blocked, "too many unknown or revoked tokens from your address")
    else:
        identity = (state.store.identify_cached if cached else state.store.identify)(token)
        if identity is None:
            state.failures.failed(request)
            raise ApiError(401, "unauthorized", "this token is not valid (unknown or revoked)")
    wait = state.limiter.check(identity.token_hash)
    if wait > 0:
        raise too_many(wait, "too many requests; slow down")
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


def _cursor(state: _State, text: str) -> int:
    """The sequence a cursor stands at. It also names the workspace and the event
    at that place, so a log that is not the one the client read (another
    workspace, a database restored from an older backup, even once it has grown
    past the cursor again) is told apart and answered with a reset."""
    cursor = parse_cursor(text)
    if cursor is None:
        return 0
    if cursor.workspace == state.store.workspace:
        if cursor.seq == 0:
            return 0
        found = state.store.id_at(cursor.seq)
        # A cursor given before the tag was a hash held the id itself.
        if found is not None and cursor.event in (cursor_tag(found), found):
            return cursor.seq
    raise ApiError(
        409,
        "reset",
        "this cursor does not belong to this server's log (another workspace, or a"
        " database restored from an older backup): read again from the start",
    )


def _revoked(request: Request, state: _State) -> bool:
    """Whether the request's token stopped being valid (while it waited)."""
    token = request.headers.get("authorization", "").partition(" ")[2].strip()
    return state.store.identify(token) is None


# -- the handlers ----------------------------------------------------------------


async def _healthz(request: Request, state: _State) -> Response:
    # Why it is unwell goes to the log (FileWatch, the writer), not to anyone who asks.
    if state.watch.health() is not None:
        return json_response(api.Error("unavailable", "the database is not usable"), 503)
    return json_response(api.Health(True))


async def _openapi(request: Request, state: _State) -> Response:
    return json_response(openapi_document())


async def _join(request: Request, state: _State) -> Response:
    """Anyone may call it: an address whose joins keep failing waits, before its
    body is even read, and the body is a few KiB at most."""
    wait = state.failures.wait(request)
    if wait > 0:
        raise too_many(wait, "too many failed joins from your address")
    try:
        body = await read_body(request, state.limits, state.limits.max_join_bytes)
        ask = decode_body(body, api.JoinRequest)
        token, who, name = await run_in_threadpool(state.store.join, ask.code, ask.device)
    except DeviceTaken as exc:
        state.failures.failed(request)
        raise ApiError(409, "conflict", str(exc)) from None
    except JoinError as exc:
        state.failures.failed(request)
        raise ApiError(404, "not_found", str(exc)) from None
    except ApiError:
        state.failures.failed(request)
        raise
    answer = api.JoinResponse(token, who.member, name, who.handle, state.store.workspace)
    return json_response(answer)


async def _me(request: Request, state: _State) -> Response:
    who = _identify(request, state)
    return json_response(
        api.Me(
            who.member, who.device, who.handle, "admin" if who.admin else "member",
            state.store.workspace,
        )
    )  # fmt: skip


async def _append(request: Request, state: _State) -> Response:
    who = _identify(request, state, cached=True)
    ask = decode_body(await read_body(request, state.limits), api.AppendRequest)
    events = check_events(
        ask.events, who, state.limits, state.store.lamport_ceiling(), state.clock.now()
    )
    # An id already stored is compared with its first content by the writer
    # (ServerLog.append_checked), inside the transaction: no look-up here.
    # The scope check reads the in-memory channels and objects (ServerLog.
    # cache_scopes); it asks SQLite only about an id it does not know. Big
    # batches still go to a worker thread.
    try:
        if len(events) <= 32:
            plan = state.store.plan(events, who.member)
        else:
            plan = await run_in_threadpool(state.store.plan, events, who.member)
    except Refused as exc:
        code: api.ErrorCode = "not_found" if exc.status == 404 else "conflict"
        raise ApiError(exc.status, code, str(exc), index=exc.index) from None
    seqs = await state.writer.append(events, plan, who.token_hash) if events else []
    return json_response(api.AppendResponse(seqs))


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
    given = request.query_params.get("after", "")
    after = _cursor(state, given)
    limit = int_param(request, "limit", limits.default_read, 1, limits.max_read)
    # A longer wait than the server holds is held as long as it does.
    wait = min(float_param(request, "wait", MAX_WAIT_ASKED), limits.max_wait_s)
    rows, upto = await _visible(state, after, limit + 1, who.member)
    if not rows and wait > 0:
        # Until an event this reader may see arrives: others' private events
        # wake the wait but do not end it.
        deadline = time.monotonic() + wait
        while not rows and (left := deadline - time.monotonic()) > 0:
            await state.changes.wait(left)
            if _revoked(request, state):
                raise ApiError(401, "unauthorized", "this token is not valid (unknown or revoked)")
            rows, upto = await _visible(state, after, limit + 1, who.member)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1][0] if rows else after
    if not more and upto - last >= HIDDEN_SKIP:
        # Past a long run of others' private events, so that reads stay cheap;
        # a shorter run is read past again, and the cursor, which moves only
        # with what this reader sees, tells nothing of when those came.
        last = upto
    if last == 0:
        position = "0:"
    elif rows and last == rows[-1][0]:
        position = f"{last}:{cursor_tag(rows[-1][1])}"
    elif last == after and given:
        position = given.split(":", 1)[1]
    else:
        position = f"{last}:{cursor_tag(state.store.id_at(last) or '')}"
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
    ask = decode_body(await read_body(request, state.limits), api.InviteRequest)
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
    return json_response(api.InviteResponse(member, handle, code))


async def _revoke(request: Request, state: _State) -> Response:
    _admin(request, state)
    ask = decode_body(await read_body(request, state.limits), api.RevokeRequest)
    if ask.target.startswith("@"):
        count = await run_in_threadpool(lambda: state.store.revoke(handle=ask.target))
    else:
        count = await run_in_threadpool(lambda: state.store.revoke(device=ask.target))
    return json_response(api.RevokeResponse(count))


async def _devices(request: Request, state: _State) -> Response:
    _admin(request, state)
    rows = await run_in_threadpool(state.store.devices)
    return json_response(api.DevicesResponse([msgspec.convert(r, api.DeviceInfo) for r in rows]))
