"""A proxy on 127.0.0.1 that counts the HTTP requests a client makes to a server.

The client is pointed at ``proxy.url`` instead of the server's URL; every byte is
passed on unchanged. Requests are counted as they arrive (one per request line
read from the client; a body is skipped by its Content-Length, which is how
httpx sends ours), with their method and path, so a test asks how many were made
and whether another was still open at the time, never how long anything took.
Used by the idle-TUI tests and ``benchmarks/bench_idle_tui.py``.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["CountingProxy", "Request"]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    """With its query: ``/v1/events?after=...&wait=25``."""
    open_before: int
    """Requests still unanswered when this one arrived (a long-poll held, say)."""
    body: bytes = b""


@dataclass
class CountingProxy:
    target: str
    """The server's base URL (http://127.0.0.1:PORT)."""
    requests: list[Request] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _open: int = 0
    _listener: socket.socket | None = None
    _sockets: list[socket.socket] = field(default_factory=list)

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        assert self._listener is not None
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def count(self, method: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if method is None or r.method == method)

    def close(self) -> None:
        _close(*[s for s in [self._listener, *self._sockets] if s is not None])

    def _accept(self) -> None:
        assert self._listener is not None
        parts = urlsplit(self.target)
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection((parts.hostname or "", parts.port or 80))
            except OSError:
                _close(client)  # the server is down: so is the client's connection
                continue
            self._sockets += [client, server]
            threading.Thread(target=self._requests, args=(client, server), daemon=True).start()
            threading.Thread(target=self._answers, args=(server, client), daemon=True).start()

    def _requests(self, source: socket.socket, sink: socket.socket) -> None:
        """Client to server: each request counted as its head arrives."""
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = source.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                while len(buffer) < length:
                    chunk = source.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                body, buffer = buffer[:length], buffer[length:]
                with self._lock:
                    self.requests.append(Request(method, path, self._open, body))
                    self._open += 1
                sink.sendall(head + b"\r\n\r\n" + body)
        except OSError:
            return
        finally:
            _close(sink, source)

    def _answers(self, source: socket.socket, sink: socket.socket) -> None:
        """Server to client, passed on as it comes; a response's status line ends
        the oldest open request of the connection (HTTP/1.1 answers in order)."""
        try:
            while chunk := source.recv(65536):
                answered = chunk.count(b"HTTP/1.1 ")
                with self._lock:
                    self._open = max(0, self._open - answered)
                sink.sendall(chunk)
        except OSError:
            return
        finally:
            _close(sink, source)


def _close(*socks: socket.socket) -> None:
    """Both ends of a connection go when either side ends it."""
    for sock in socks:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
