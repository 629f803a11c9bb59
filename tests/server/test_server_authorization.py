"""Who may do what: every endpoint, with missing, bad, revoked and other people's tokens."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import Device, RunningServer, post_events, running_server

from asynctui.core.events import ChannelCreated, Event, StatusSet, encode
from asynctui.server.log import ServerLog


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


AUTHED: list[tuple[str, str, object]] = [
    ("GET", "/v1/me", None),
    ("GET", "/v1/events", None),
    ("POST", "/v1/events", {"events": []}),
    ("POST", "/v1/admin/invites", {"handle": "zoe", "name": "Zoe"}),
    ("POST", "/v1/admin/revoke", {"target": "nobody"}),
    ("GET", "/v1/admin/devices", None),
]


def call(
    server: RunningServer, method: str, path: str, body: object, headers: dict[str, str]
) -> httpx.Response:
    return httpx.request(method, f"{server.url}{path}", json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body"), AUTHED)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic YW5hOnNlY3JldA=="},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token-we-ever-made"},
        {"Authorization": "Bearer " + "x" * 5000},
    ],
    ids=["missing", "not-bearer", "empty", "unknown", "huge"],
)
def test_every_endpoint_refuses_a_missing_or_malformed_token_with_401(
    server: RunningServer, method: str, path: str, body: object, headers: dict[str, str]
) -> None:
    answer = call(server, method, path, body, headers)
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized"


def test_a_revoked_device_is_refused_at_once_on_every_endpoint(server: RunningServer) -> None:
    admin = server.join("ana", admin=True)
    bob = server.join("bob")
    assert call(server, "GET", "/v1/me", None, bob.headers).status_code == 200
    revoked = call(server, "POST", "/v1/admin/revoke", {"target": bob.device}, admin.headers)
    assert revoked.json() == {"revoked": 1}
    for method, path, body in AUTHED:
        assert call(server, method, path, body, bob.headers).status_code == 401, path
    # Bob's other devices, and everyone else, carry on.
    assert call(server, "GET", "/v1/me", None, admin.headers).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), [a for a in AUTHED if "admin" in a[1]])
def test_a_member_who_is_not_an_admin_cannot_manage_members(
    server: RunningServer, method: str, path: str, body: object
) -> None:
    bob = server.join("bob")
    answer = call(server, method, path, body, bob.headers)
    assert answer.status_code == 403 and answer.json()["error"] == "forbidden"


def _post(device: Device, event: Event) -> httpx.Response:
    return httpx.post(
        f"{device.url}/v1/events",
        content=b'{"events":[' + encode(event) + b"]}",
        headers=device.headers,
    )


def test_bob_cannot_write_an_event_in_anas_name(server: RunningServer) -> None:
    ana, bob = server.join("ana"), server.join("bob")
    forged = bob.event(StatusSet(state="off", text="Ana quit"), author=ana.member)
    answer = _post(bob, forged)
    assert answer.status_code == 403 and answer.json()["index"] == 0


def test_a_token_writes_only_as_its_own_device(server: RunningServer) -> None:
    laptop = server.join("ana", device="ana-laptop")
    phone = server.join("ana", device="ana-phone")
    as_phone = laptop.event(ChannelCreated(channel="c", name="c"))
    as_phone = type(as_phone)(**{**{f: getattr(as_phone, f) for f in as_phone.__struct_fields__},
                                "device": phone.device})  # fmt: skip
    assert _post(laptop, as_phone).status_code == 403
    assert _post(phone, as_phone).status_code == 200


def test_an_event_id_already_used_by_someone_else_is_a_conflict_not_a_silent_drop(
    server: RunningServer,
) -> None:
    ana, bob = server.join("ana"), server.join("bob")
    mine = ana.event(ChannelCreated(channel="c", name="c"))
    assert _post(ana, mine).status_code == 200
    copy = bob.event(ChannelCreated(channel="c2", name="c2"))
    copy = type(copy)(**{**{f: getattr(copy, f) for f in copy.__struct_fields__}, "id": mine.id})
    answer = _post(bob, copy)
    assert answer.status_code == 409 and answer.json()["index"] == 0


def test_a_join_code_works_once(server: RunningServer) -> None:
    operator = ServerLog(server.db)
    _, code = operator.add_member("cy", "Cy")
    operator.close()
    first = httpx.post(f"{server.url}/v1/join", json={"code": code, "device": "cy-laptop"})
    assert first.status_code == 200
    again = httpx.post(f"{server.url}/v1/join", json={"code": code, "device": "cy-phone"})
    assert again.status_code == 404 and "not valid" in again.json()["message"]


def test_a_device_name_taken_by_another_member_is_refused(server: RunningServer) -> None:
    server.join("ana", device="laptop")
    operator = ServerLog(server.db)
    _, code = operator.add_member("bob", "Bob")
    operator.close()
    answer = httpx.post(f"{server.url}/v1/join", json={"code": code, "device": "laptop"})
    assert answer.status_code == 409


def test_tokens_and_codes_are_stored_only_as_hashes(server: RunningServer) -> None:
    ana = server.join("ana")
    wal = Path(f"{server.db}-wal")
    raw = server.db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert ana.token.encode() not in raw
    assert len(ana.token) >= 43  # 256 bits in URL-safe base64


def test_an_admin_invites_a_new_member_over_http_and_they_join(server: RunningServer) -> None:
    admin = server.join("ana", admin=True)
    answer = call(server, "POST", "/v1/admin/invites", {"handle": "@zoe", "name": "Zoe"},
                  admin.headers)  # fmt: skip
    assert answer.status_code == 200
    code = answer.json()["code"]
    joined = httpx.post(f"{server.url}/v1/join", json={"code": code, "device": "zoe-desk"})
    assert joined.json()["handle"] == "zoe"
    me = httpx.get(f"{server.url}/v1/me",
                   headers={"Authorization": f"Bearer {joined.json()['token']}"})  # fmt: skip
    assert me.json()["role"] == "member"
    devices = call(server, "GET", "/v1/admin/devices", None, admin.headers).json()["devices"]
    assert {d["device"] for d in devices} >= {"zoe-desk", admin.device}
    assert json.dumps(devices).count("token") == 0


def test_a_device_revoked_by_another_process_cannot_append_even_once(
    server: RunningServer,
) -> None:
    # The server keeps Bob's identity in memory once he has posted; `asynctui
    # admin revoke` runs in a process of its own, so only the database says so.
    server.join("ana", admin=True)
    bob = server.join("bob")
    channel = bob.event(ChannelCreated(channel="c-bob", name="bobs"))
    assert post_events(bob, [channel]).status_code == 200
    operator = ServerLog(server.db)
    try:
        assert operator.revoke(device=bob.device) == 1
    finally:
        operator.close()
    late = bob.event(StatusSet(state="available", text="still here?"))
    answer = post_events(bob, [late])
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"
    with sqlite3.connect(server.db) as db:
        assert db.execute("SELECT count(*) FROM events WHERE id = ?", (late.id,)).fetchone() == (0,)
