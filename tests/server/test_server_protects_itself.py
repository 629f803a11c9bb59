"""A stranger with no login cannot wear the server down: big or slow requests,
half-sent headers, too many connections, and guessing codes and tokens (issue #10).

Each test speaks to a real server on 127.0.0.1, some through raw sockets, as an
attacker would. Socket timeouts here are only a safety net: every assertion is
about what the server answered or that it closed the connection.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import RunningServer, running_server, serving

SAFETY_NET_S = 30.0
"""Far longer than any deadline given to a server here."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


def connect(server: RunningServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=SAFETY_NET_S)


def answer_of(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def wrong_join(server: RunningServer, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{server.url}/v1/join",
        json={"code": "0" * 32, "device": "mallory-laptop"},
        headers=headers,
    )


def test_join_takes_a_few_kib_at_most_from_a_stranger(server: RunningServer) -> None:
    big = httpx.post(
        f"{server.url}/v1/join",
        content=b'{"code": "' + b"a" * 5000 + b'", "device": "x"}',
        headers={"Content-Type": "application/json"},
    )
    assert big.status_code == 413 and big.json()["error"] == "too_large"
    # A body announced as 4 MiB is refused before a byte of it is sent.
    with connect(server) as sock:
        sock.sendall(
            b"POST /v1/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 4194304\r\n\r\n"
        )
        assert answer_of(sock).startswith(b"HTTP/1.1 413 ")


def test_wrong_join_codes_from_one_address_soon_get_429_even_for_a_right_code(
    server: RunningServer,
) -> None:
    for _ in range(20):
        assert wrong_join(server).status_code == 404
    slowed = wrong_join(server)
    assert slowed.status_code == 429 and slowed.json()["error"] == "rate_limited"
    assert int(slowed.headers["Retry-After"]) >= 1
    # Guessing gains nothing: a right code from the same address waits too.
    with pytest.raises(httpx.HTTPStatusError) as refused:
        server.join("ana")
    assert refused.value.response.status_code == 429


def test_unknown_tokens_from_one_address_soon_get_429_while_members_keep_working(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    assert httpx.get(f"{server.url}/v1/me", headers=ana.headers).status_code == 200
    guesses = [
        httpx.get(f"{server.url}/v1/me", headers={"Authorization": f"Bearer guess{n}"})
        for n in range(21)
    ]
    assert {g.status_code for g in guesses[:20]} == {401}
    assert guesses[20].status_code == 429 and int(guesses[20].headers["Retry-After"]) >= 1
    me = httpx.get(f"{server.url}/v1/me", headers=ana.headers)
    assert me.status_code == 200 and me.json()["handle"] == "ana"


def test_a_stranger_cannot_escape_the_limit_by_claiming_another_address(
    server: RunningServer,
) -> None:
    answers = [
        wrong_join(server, {"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(25)
    ]
    assert answers[-1] == 429


def test_behind_a_named_proxy_each_client_is_limited_by_its_own_address(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, "--forwarded-allow-ips", "127.0.0.1") as server:
        for _ in range(21):
            wrong_join(server, {"X-Forwarded-For": "203.0.113.5"})
        assert wrong_join(server, {"X-Forwarded-For": "203.0.113.5"}).status_code == 429
        assert wrong_join(server, {"X-Forwarded-For": "203.0.113.6"}).status_code == 404


def test_connections_that_send_half_their_headers_are_closed(tmp_path: Path) -> None:
    with serving(tmp_path, "--header-timeout", "1") as server:
        held = [connect(server) for _ in range(5)]
        for sock in held:
            sock.sendall(b"POST /v1/join HTTP/1.1\r\nHost: x\r\nContent-Ty")
        assert [answer_of(sock) for sock in held] == [b""] * 5
        for sock in held:
            sock.close()
        assert httpx.get(f"{server.url}/healthz").status_code == 200


def test_a_body_that_trickles_in_too_slowly_gets_408_and_the_connection_closes(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, "--body-timeout", "1") as server:
        with connect(server) as sock:
            sock.sendall(
                b"POST /v1/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"code": '
            )
            answer = answer_of(sock)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 ")
        assert body.startswith(b'{"error":"timeout"')
        assert b"Traceback" not in server.log.read_bytes()


def test_a_request_head_still_unfinished_after_8_kib_is_refused(server: RunningServer) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 12_000)
        assert answer_of(sock).startswith(b"HTTP/1.1 400 ")


def test_over_the_connection_cap_a_request_gets_503_until_connections_close(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, "--max-connections", "8") as server:
        held = [connect(server) for _ in range(8)]
        try:
            assert httpx.get(f"{server.url}/healthz").status_code == 503
        finally:
            for sock in held:
                sock.close()
        # The server notices the closed sockets on its next turns.
        for _ in range(200):
            if httpx.get(f"{server.url}/healthz").status_code == 200:
                break
            time.sleep(0.05)
        assert httpx.get(f"{server.url}/healthz").status_code == 200
