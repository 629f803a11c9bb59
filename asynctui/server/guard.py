"""The limits of a connection itself, below the app: how big a request head may
be, how long its head and its body may take, how many connections are served.

uvicorn bounds the head's size (``h11_max_incomplete_event_size``) and the
number of connections (``limit_concurrency``), and closes a keep-alive
connection that sends nothing; but a connection that has sent half its head,
or a body that trickles in, is held for ever. :func:`guarded_protocol` makes
uvicorn's h11 protocol with those two deadlines, checked by one sweep a second
over every connection: nothing is added to a request's own path.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar

import h11
import msgspec
from uvicorn.protocols.http.h11_impl import H11Protocol

from asynctui.server import api_types as api

__all__ = ["ConnectionLimits", "guarded_protocol"]

SWEEP_S = 1.0
"""How often the deadlines are checked: each one may be up to this much late."""


@dataclass(frozen=True)
class ConnectionLimits:
    max_connections: int = 10_000
    """Open connections served at once; a request on one over it gets 503. Each
    long-poll holds one, so this is well above a team's devices."""
    max_head_bytes: int = 8 << 10
    """The request line and headers, together (nginx's default buffer)."""
    head_timeout_s: float = 10.0
    """From a connection's opening, or the end of its last answer, to a whole request head."""
    body_timeout_s: float = 30.0
    """From a request's head to the end of its body; then 408, and the connection closes."""
    keep_alive_s: int = 5
    """An idle connection between requests is closed after this."""


def guarded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """A protocol class for ``uvicorn.Config(http=...)`` keeping ``limits``' deadlines."""
    return type(
        "GuardedH11Protocol",
        (_Guarded,),
        {"head_timeout": limits.head_timeout_s, "body_timeout": limits.body_timeout_s},
    )


class _Guarded(H11Protocol):
    head_timeout: ClassVar[float]
    body_timeout: ClassVar[float]
    _sweeping: ClassVar[bool] = False
    """One sweep per class, and :func:`guarded_protocol` makes one class per server."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # The deadline runs while the connection stays in one state of one
        # request: (request, h11 state of the client's side, since when).
        self._mark: tuple[object, object, float] = (None, h11.IDLE, self.loop.time())
        cls = type(self)
        if not cls._sweeping:
            cls._sweeping = True
            self.loop.call_later(SWEEP_S, _sweep, self.loop, self.connections)

    def check_deadlines(self, now: float) -> None:
        state = self.conn.their_state
        cycle, marked, since = self._mark
        if cycle is not self.cycle or marked is not state:
            self._mark = (self.cycle, state, now)
        elif state is h11.IDLE and now - since > self.head_timeout:
            self._close()
        elif state is h11.SEND_BODY and now - since > self.body_timeout:
            self._body_too_slow()

    def _body_too_slow(self) -> None:
        cycle = self.cycle
        if cycle.response_started or self.conn.our_state is not h11.SEND_RESPONSE:
            self._close()  # answered already; the client is still sending
            return
        body = msgspec.json.encode(
            api.Error("timeout", f"the request body did not arrive within {self.body_timeout:g} s")
        )
        head = h11.Response(
            status_code=408,
            reason=b"Request Timeout",
            headers=[
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        )
        # The app, still waiting for the body, now hears a disconnect, and
        # whatever it answers goes nowhere.
        cycle.disconnected = True
        cycle.message_event.set()
        try:
            data = self.conn.send(head) or b""
            data += self.conn.send(h11.Data(data=body)) or b""
            data += self.conn.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError:
            data = b""
        self.transport.write(data)
        self._close()

    def _close(self) -> None:
        if self.transport.is_closing():
            return
        try:
            self.conn.send(h11.ConnectionClosed())
        except h11.LocalProtocolError:
            pass
        self.transport.close()


def _sweep(loop: asyncio.AbstractEventLoop, connections: set[Any]) -> None:
    now = loop.time()
    for connection in list(connections):
        if isinstance(connection, _Guarded):
            connection.check_deadlines(now)
    loop.call_later(SWEEP_S, _sweep, loop, connections)
