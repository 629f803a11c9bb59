"""The server store: the event log kept by ``asynctui serve``, spoken to over HTTP.

The contract is ``docs/protocol.md``. This module maps it onto the three calls
of :class:`asynctui.stores.base.Store`:

- ``append`` posts the events (in batches of at most 500 and about 3 MiB) to
  ``POST /v1/events``. The event id is the server's idempotency key, so sending
  a batch again after a timeout, a crash or a refusal stores nothing twice.
- ``read_after`` reads ``GET /v1/events?after=CURSOR``; the cursor is the
  server's own, opaque, passed through untouched.
- ``wait_for_more`` is the server's long-poll (``wait=S``, at most 25 s): it
  returns as soon as an event this device may read is appended.

How the server's answers become errors (see the tree in ``stores.base``):

=============================================  ===============================
connection refused, DNS, TLS, timeout, 5xx      ``StoreUnavailable``
429, 503                                        ``StoreUnavailable`` with
                                                ``retry_after`` (Retry-After)
401                                             ``StoreError``: the token is no
                                                longer valid; what to do
409 ``reset``                                   ``StoreReset``
400, 403, 404, 409, 413 naming an ``index``     ``EventRefused``
anything else                                   ``StoreError``
=============================================  ===============================

Everything the server says is untrusted text: it reaches the user folded onto
one printable line of at most 200 characters, and the token never appears in
any message.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import msgspec

from asynctui import __version__
from asynctui.core.events import Event, InvalidEvent, decode, encode
from asynctui.core.text import clean_line
from asynctui.stores.base import (
    EventRefused,
    ReadResult,
    StoreError,
    StoreReset,
    StoreUnavailable,
)

__all__ = ["Invited", "Joined", "ServerStore", "check_url", "join"]

MAX_BATCH = 500
"""Events per ``POST /v1/events``: the server's limit."""
MAX_BATCH_BYTES = 3 << 20
"""Bytes of events per request, under the server's 4 MiB body limit."""
MAX_PAGE = 20_000
"""Events per read: the server's limit."""
MAX_WAIT = 25.0
"""The longest long-poll the server holds (it clamps or refuses more)."""
MAX_RETRY_AFTER = 3600.0
"""A Retry-After beyond this is taken as this: a broken server must not stall
the client for days."""
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
"""Per request; a long-poll adds its wait to the read timeout."""
_MESSAGE_LIMIT = 200


def _say(text: object) -> str:
    """Untrusted text as one printable line of at most 200 characters."""
    line = "".join(ch for ch in clean_line(str(text)) if ch.isprintable())
    return line if len(line) <= _MESSAGE_LIMIT else line[: _MESSAGE_LIMIT - 1] + "…"


def check_url(url: str) -> str:
    """``url`` as the store's base URL (no trailing slash); StoreError if it is not one."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise StoreError(f"{_say(url)!r} is not a server URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(
            f"{_say(url)!r} is not a server URL: use http(s)://HOST[:PORT], e.g."
            " https://chat.example.com"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise StoreError(f"{_say(url)!r}: a server URL has no query, fragment or password")
    del port
    return text.rstrip("/")


def is_plain_http_off_this_machine(url: str) -> bool:
    """True when a token would cross a network unencrypted."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    local = host in ("localhost", "::1") or host.startswith("127.")
    return parts.scheme == "http" and not local


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), bounded."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class _Page(msgspec.Struct):
    events: list[msgspec.Raw]
    cursor: str
    more: bool = False


class _Seqs(msgspec.Struct):
    seqs: list[int]


class _Error(msgspec.Struct):
    error: str = ""
    message: str = ""
    index: int | None = None


class _JoinAnswer(msgspec.Struct):
    token: str
    member: str
    name: str
    handle: str
    workspace: str


class _InviteAnswer(msgspec.Struct):
    member: str
    handle: str
    code: str


_page_decoder = msgspec.json.Decoder(_Page)
_invite_decoder = msgspec.json.Decoder(_InviteAnswer)
_seqs_decoder = msgspec.json.Decoder(_Seqs)
_error_decoder = msgspec.json.Decoder(_Error)
_join_decoder = msgspec.json.Decoder(_JoinAnswer)


def _error_body(response: httpx.Response) -> _Error:
    try:
        return _error_decoder.decode(response.content)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return _Error()


class _Http:
    """One ``httpx.Client`` for one server, turning its failures into store errors."""

    def __init__(
        self,
        url: str,
        token: str | None,
        transport: httpx.BaseTransport | None,
        timeout: httpx.Timeout,
    ) -> None:
        self.url = check_url(url)
        headers = {"User-Agent": f"asynctui/{__version__}", "Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        self.client = httpx.Client(
            base_url=self.url,
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        params: dict[str, str | int | float] | None = None,
        timeout: httpx.Timeout | None = None,
        check: bool = True,
    ) -> httpx.Response:
        """The response; with ``check``, a store error unless it is a success."""
        headers = {"Content-Type": "application/json"} if content is not None else None
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        try:
            response = self.client.request(
                method, path, content=content, params=params, headers=headers, **extra
            )
        except httpx.TimeoutException:
            raise StoreUnavailable(f"the server at {self.url} did not answer in time") from None
        except httpx.TransportError as exc:
            reason = _say(exc) or type(exc).__name__
            raise StoreUnavailable(f"cannot reach the server at {self.url}: {reason}") from None
        if check and response.status_code >= 300:
            raise self.error(response)
        return response

    def error(self, response: httpx.Response) -> StoreError:
        """The store error for a response that is not a success (not an event refusal)."""
        status = response.status_code
        body = _error_body(response)
        said = _say(body.message) or _say(body.error) or response.reason_phrase or "no reason"
        if status in (429, 503):
            wait = _retry_after(response.headers.get("Retry-After"))
            when = f"; trying again in {math.ceil(wait)} s" if wait else ""
            what = "is limiting our requests" if status == 429 else "is busy"
            return StoreUnavailable(f"the server at {self.url} {what} ({said}){when}", wait)
        if status >= 500:
            return StoreUnavailable(f"the server at {self.url} failed ({status}: {said})")
        if status == 401:
            return StoreError(
                f"the server at {self.url} no longer accepts this device's token (revoked?):"
                " ask the workspace's admin for a new join code, then run"
                f" `asynctui init --server {self.url} --force` and give the code"
            )
        if status == 409 and body.error == "reset":
            return StoreReset(f"the server at {self.url} cannot go on from here ({said})")
        if 300 <= status < 400:
            return StoreError(
                f"the server at {self.url} redirects ({status}); use the URL it redirects to"
            )
        if status == 404 and not body.error:
            return StoreError(f"{self.url} does not look like an asynctui server ({status})")
        return StoreError(f"the server at {self.url} refused the request ({status}: {said})")

    def close(self) -> None:
        self.client.close()


class ServerStore:
    """The event log on an ``asynctui serve`` server, as ``device`` with ``token``.

    Implements :class:`asynctui.stores.base.Store`. Nothing is sent until the
    first call, so opening one never fails for a server that is down. Not
    meant to be shared between threads that call it at the same time.
    """

    def __init__(
        self,
        url: str,
        token: str,
        device: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        if not token:
            raise StoreError(
                "no token for the server: run `asynctui init --server URL` with the join code"
                " the server's admin gave you"
            )
        self._http = _Http(url, token, transport, timeout)
        self.url = self._http.url
        self.device = device
        self._timeout = timeout
        self._passed: tuple[str, str] | None = None
        """(cursor, where a long-poll from it answered): the events between are
        others' private ones, none for me, so waiting goes on from the second."""

    longest_wait = MAX_WAIT
    """Seconds one ``wait_for_more`` request may hold: each wait is a request,
    so a caller waiting longer asks for this much at a time."""

    def close(self) -> None:
        """Close the connections kept open to the server."""
        self._http.close()

    def __del__(self) -> None:
        # A command that ends without closing (most do) still closes its
        # sockets, rather than leaving them to the garbage collector.
        http = getattr(self, "_http", None)
        if http is not None:
            http.close()

    def __enter__(self) -> ServerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- inviting --------------------------------------------------------------

    def invite(self, handle: str, name: str = "", *, admin: bool = False) -> Invited:
        """A join code for a new member ``name`` (@``handle``), or with no name for
        another device of the member @``handle``: ``POST /v1/admin/invites``, which
        only an admin's token may call. StoreError says why not, in one line."""
        body = msgspec.json.encode({"handle": handle, "name": name, "admin": admin})
        response = self._http.request("POST", "/v1/admin/invites", content=body, check=False)
        status = response.status_code
        said = _say(_error_body(response).message)
        if status in (400, 403, 409) and said:
            raise StoreError(f"the server at {self.url} did not invite @{handle}: {said}")
        if status >= 300:
            raise self._http.error(response)
        try:
            answer = _invite_decoder.decode(response.content)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise StoreError(
                f"{self.url} answered the invite in a way asynctui cannot read"
            ) from None
        if not answer.code.strip():
            raise StoreError(f"{self.url} answered the invite without a join code")
        return Invited(answer.member, clean_line(answer.handle), clean_line(answer.code))

    # -- writing -------------------------------------------------------------

    def append(self, events: Sequence[Event]) -> None:
        """Send ``events``; returns once the server has committed every one.

        Raises :class:`EventRefused` with the event's position in ``events``
        when the server refuses one; those before it may be stored already.
        """
        lines = [encode(event) for event in events]
        start = 0
        while start < len(lines):
            end, size = start, 0
            while end < len(lines) and end - start < MAX_BATCH:
                if end > start and size + len(lines[end]) > MAX_BATCH_BYTES:
                    break
                size += len(lines[end]) + 1
                end += 1
            self._post(lines, start, end)
            start = end

    def _post(self, lines: list[bytes], start: int, end: int) -> None:
        """Post ``lines[start:end]`` as one all-or-nothing batch."""
        body = b'{"events":[' + b",".join(lines[start:end]) + b"]}"
        response = self._http.request("POST", "/v1/events", content=body, check=False)
        status = response.status_code
        if status in (400, 403, 404, 409, 413):
            refused = _error_body(response)
            said = _say(refused.message) or _say(refused.error) or f"refused ({status})"
            index = refused.index
            if index is not None and 0 <= index < end - start:
                raise EventRefused(start + index, said)
            # A 404 naming no event is a wrong address, not a refusal of one.
            if end - start == 1 and status in (400, 403, 413):
                raise EventRefused(start, said)
            if status == 413:
                # Too big as a whole, no event named: halve it until one is.
                middle = (start + end) // 2
                self._post(lines, start, middle)
                self._post(lines, middle, end)
                return
        if status >= 300:
            raise self._http.error(response)
        try:
            seqs = _seqs_decoder.decode(response.content).seqs
        except (msgspec.DecodeError, msgspec.ValidationError):
            seqs = []
        if len(seqs) != end - start:
            # Stored or not, sending again is safe: the ids make it idempotent.
            raise StoreUnavailable(
                f"the server at {self.url} sent an answer to an append that cannot be read"
            )

    # -- reading -------------------------------------------------------------

    def read_after(self, cursor: str, limit: int | None = None) -> ReadResult:
        """Events after ``cursor`` in the server's sequence, each batch sorted by key.

        Without ``limit``, reads on until the server has nothing more.
        """
        if limit is not None and limit < 1:
            raise ValueError("limit must be at least 1")
        events: list[Event] = []
        warnings: list[str] = []
        while True:
            page_limit = MAX_PAGE if limit is None else min(limit - len(events), MAX_PAGE)
            page = self._read(cursor, page_limit, wait=None)
            for n, raw in enumerate(page.events):
                try:
                    events.append(decode(bytes(raw)))
                except InvalidEvent as exc:
                    warnings.append(
                        f"an event from the server after {_say(cursor) or 'the start'}"
                        f" (#{n + 1} of a read) skipped: {_say(exc)}"
                    )
            progressed = page.cursor != cursor
            cursor = page.cursor
            if not page.more or not progressed or (limit is not None and len(events) >= limit):
                break
        events.sort(key=lambda e: e.key)
        return ReadResult(events=events, cursor=cursor, warnings=warnings)

    def wait_for_more(self, cursor: str, timeout: float) -> bool:
        """Hold a long-poll up to ``timeout`` seconds (at most 25); True if something is new.

        A cursor the server cannot go on from counts as news: the next read
        raises :class:`StoreReset` and the sync starts over.
        """
        wait = min(max(0.0, timeout), MAX_WAIT)
        after = cursor
        if self._passed is not None and self._passed[0] == cursor:
            after = self._passed[1]
        try:
            page = self._read(after, 1, wait=wait)
        except StoreReset:
            return True
        news = bool(page.events) or page.more
        # An answer with nothing for me but a cursor further on has passed events
        # I may not read: asking from the old cursor again would be answered at
        # once, every time, until a sync moved it.
        if news:
            self._passed = None
        elif page.cursor != after:
            self._passed = (cursor, page.cursor)
        return news

    def _read(self, cursor: str, limit: int, wait: float | None) -> _Page:
        params: dict[str, str | int | float] = {"after": cursor, "limit": limit}
        timeout = None
        if wait is not None:
            params["wait"] = round(wait, 3)
            read = (self._timeout.read or 0.0) + wait
            base = self._timeout
            timeout = httpx.Timeout(
                connect=base.connect, read=read, write=base.write, pool=base.pool
            )
        response = self._http.request("GET", "/v1/events", params=params, timeout=timeout)
        try:
            return _page_decoder.decode(response.content)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise StoreUnavailable(
                f"the server at {self.url} sent events that cannot be read"
            ) from None


@dataclass(frozen=True)
class Invited:
    """A join code the server made, to pass on to the person it is for."""

    member: str
    handle: str
    code: str
    """One use, valid for 7 days: `asynctui init --server URL` takes it."""


@dataclass(frozen=True)
class Joined:
    """What the server says about the member a join code was for."""

    token: str
    """This device's token: shown once, kept in the config file (mode 0600)."""
    member: str
    name: str
    handle: str
    workspace: str


def join(
    url: str,
    code: str,
    device: str,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout = TIMEOUT,
) -> Joined:
    """Trade a join code for this device's token (``POST /v1/join``)."""
    http = _Http(url, None, transport, timeout)
    body = msgspec.json.encode({"code": code.strip(), "device": device})
    try:
        response = http.request("POST", "/v1/join", content=body, check=False)
        status = response.status_code
        refused = _error_body(response)
        if status in (400, 401, 403, 404, 409) and refused.error:
            said = _say(refused.message) or (
                "this join code is not valid (mistyped, used already, or older than 7 days?)"
            )
            raise StoreError(f"cannot join the workspace at {http.url}: {said}")
        if status >= 300:
            raise http.error(response)
        try:
            answer = _join_decoder.decode(response.content)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise StoreError(
                f"{http.url} answered the join in a way asynctui cannot read"
            ) from None
        if not all((answer.token, answer.member, answer.handle)):
            raise StoreError(f"{http.url} answered the join without a token or a member")
        return Joined(answer.token, answer.member, answer.name, answer.handle, answer.workspace)
    finally:
        http.close()
