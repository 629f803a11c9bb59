"""Attacks of an ordinary member with a valid token, each against a real server on
127.0.0.1: what the server refuses, and that nobody else's work stops (issue #10)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import msgspec
import pytest
from server_harness import SERVER_CLOCK, Device, RunningServer, post_events, running_server

from asynctui.core.clock import parse_instant
from asynctui.core.events import (
    LAMPORT_LEAP,
    ChannelCreated,
    Event,
    MessagePosted,
    ProfileSet,
    StatusSet,
    ThreadOpened,
    decode,
)
from asynctui.core.ids import new_id
from asynctui.core.names import direct_channel_id
from asynctui.server.log import ServerLog


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path, "--rate", "100000")


def post(device: Device, *events: Event) -> httpx.Response:
    return post_events(device, events)


def read(device: Device, after: str = "", **params: int | float) -> httpx.Response:
    return httpx.get(
        f"{device.url}/v1/events",
        params={"after": after, **params},
        headers=device.headers,
        timeout=60,
    )


def events_of(answer: httpx.Response) -> list[Event]:
    assert answer.status_code == 200, answer.text
    return [decode(json.dumps(e)) for e in answer.json()["events"]]


def with_lamport(event: Event, lamport: int) -> Event:
    return msgspec.structs.replace(event, lamport=lamport)


def status(device: Device) -> Event:
    return device.event(StatusSet(state="focus", text="writing"))


def refusal(answer: httpx.Response, status_code: int) -> dict[str, object]:
    assert answer.status_code == status_code, answer.text
    body: dict[str, object] = answer.json()
    assert body["message"]
    return body


# -- 1. Lamport counters ------------------------------------------------------------


@pytest.mark.parametrize("lamport", [2**64, 2**63 - 1, 2**53])
def test_a_status_with_an_absurd_lamport_counter_is_refused_and_everyone_goes_on(
    server: RunningServer, lamport: int
) -> None:
    mallory, ana = server.join("mallory"), server.join("ana")
    body = refusal(post(mallory, with_lamport(status(mallory), lamport)), 400)
    assert body["index"] == 0
    # Every device still reads, and still writes.
    assert post(ana, status(ana)).status_code == 200
    assert [e.author for e in events_of(read(ana))] == [ana.member]
    assert post(mallory, status(mallory)).status_code == 200


def test_a_counter_far_beyond_the_logs_highest_is_refused_but_a_device_back_from_a_week_offline_is_not(  # noqa: E501
    server: RunningServer,
) -> None:
    mallory, ana = server.join("mallory"), server.join("ana")
    assert post(ana, with_lamport(status(ana), 40)).status_code == 200
    leap = with_lamport(status(mallory), 40 + LAMPORT_LEAP + 1)
    assert "far beyond" in str(refusal(post(mallory, leap), 400)["message"])
    offline = with_lamport(status(ana), 40 + 5_000)
    assert post(ana, offline).status_code == 200


def test_a_server_restarted_remembers_the_highest_counter(server: RunningServer) -> None:
    ana = server.join("ana")
    assert post(ana, with_lamport(status(ana), 500_000)).status_code == 200
    server.stop()
    server.start()
    # Within a leap of 500,000, not of 0: the highest counter lives in the file.
    assert post(ana, with_lamport(status(ana), 1_400_000)).status_code == 200


# -- 2 and 3. Direct conversations, and ids sent again ---------------------------------


def test_a_member_who_registers_the_dm_id_of_two_others_reads_nothing_of_their_dm(
    server: RunningServer,
) -> None:
    ana, bob, mallory = server.join("ana"), server.join("bob"), server.join("mallory")
    dm = direct_channel_id({ana.member, bob.member})
    attempts = [
        ChannelCreated(channel=dm, name="general"),
        ChannelCreated(channel=dm, name="dm", private=True, members=(mallory.member,)),
        ChannelCreated(
            channel=dm, name="dm", private=True, members=(ana.member, bob.member, mallory.member)
        ),
    ]
    for attempt in attempts:
        refusal(post(mallory, mallory.event(attempt)), 400)
    # Their own DM, started afterwards, is theirs alone.
    opened = ChannelCreated(channel=dm, name="dm-ana-bob", private=True,
                            members=(ana.member, bob.member))  # fmt: skip
    thread = ThreadOpened(thread=new_id(), channel=dm, title="Feedback", message=new_id(),
                          body="How did the demo go?")  # fmt: skip
    assert post(ana, ana.event(opened), ana.event(thread)).status_code == 200
    assert [e.kind for e in events_of(read(bob))] == ["channel.created", "thread.opened"]
    assert events_of(read(mallory)) == []


def test_both_people_of_a_dm_may_start_it_and_it_stays_theirs(server: RunningServer) -> None:
    ana, bob = server.join("ana"), server.join("bob")
    dm = direct_channel_id({ana.member, bob.member})
    for me, other in ((ana, bob), (bob, ana)):
        made = ChannelCreated(channel=dm, name="dm", private=True, members=(other.member,))
        assert post(me, me.event(made)).status_code == 200


def test_an_event_id_sent_again_with_another_body_is_refused_and_registers_nothing(
    server: RunningServer,
) -> None:
    ana, bob, mallory = server.join("ana"), server.join("bob"), server.join("mallory")
    mine = status(mallory)
    assert post(mallory, mine).status_code == 200
    dm = direct_channel_id({ana.member, bob.member, mallory.member})
    payroll = ChannelCreated(channel="c-payroll", name="payroll")
    for body in (
        payroll,
        ChannelCreated(channel=dm, name="dm", private=True, members=(ana.member, bob.member)),
    ):
        forged = msgspec.structs.replace(mine, body=body)
        answer = refusal(post(mallory, forged), 409)
        assert "other content" in str(answer["message"])
    # Nothing was reserved: Ana makes #payroll, and it is hers.
    made = ana.event(ChannelCreated(channel="c-payroll", name="payroll", private=True,
                                    members=(ana.member,)))  # fmt: skip
    assert post(ana, made).status_code == 200
    assert [e.id for e in events_of(read(ana))] == [mine.id, made.id]


def test_an_event_id_of_another_member_sent_again_under_my_name_is_refused(
    server: RunningServer,
) -> None:
    ana, mallory = server.join("ana"), server.join("mallory")
    hers = status(ana)
    assert post(ana, hers).status_code == 200
    mine = msgspec.structs.replace(hers, author=mallory.member, device=mallory.device)
    refusal(post(mallory, mine), 409)


def test_a_byte_identical_replay_gets_the_first_sequence_and_changes_nothing(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    first = ana.event(ChannelCreated(channel="c-design", name="design"))
    seq = post(ana, first).json()["seqs"]
    again = post(ana, first, status(ana))
    assert again.status_code == 200
    assert again.json()["seqs"][0] == seq[0]
    assert [e.kind for e in events_of(read(ana))] == ["channel.created", "status.set"]


# -- 4. Handles -------------------------------------------------------------------------


def test_a_member_cannot_take_another_members_handle_even_dated_2001(
    server: RunningServer,
) -> None:
    server.join("ana", name="Ana Ruiz")
    mallory = server.join("mallory")
    claim = mallory.event(
        ProfileSet(name="Ana Ruiz", handle="ana", tz="UTC"),
        at=datetime(2001, 1, 1, tzinfo=UTC),
    )
    assert "@mallory" in str(refusal(post(mallory, claim), 403)["message"])


def test_a_profile_dated_2001_joins_when_the_server_received_it(server: RunningServer) -> None:
    mallory = server.join("mallory")
    early = mallory.event(
        ProfileSet(name="Mallory", handle="mallory", tz="UTC"),
        at=datetime(2001, 1, 1, tzinfo=UTC),
    )
    assert post(mallory, early).status_code == 200
    (stored,) = events_of(read(mallory))
    assert stored.at == early.at
    assert stored.received == parse_instant(SERVER_CLOCK)
    assert stored.when == stored.received


def test_a_thread_dated_2100_is_shown_when_the_server_received_it(server: RunningServer) -> None:
    ana = server.join("ana")
    channel = ana.event(ChannelCreated(channel="c-general", name="general"))
    future = ana.event(
        ThreadOpened(thread=new_id(), channel="c-general", title="Pinned forever",
                     message=new_id(), body="first for ever"),
        at=datetime(2100, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    assert post(ana, channel, future).status_code == 200
    stored = events_of(read(ana))[1]
    assert stored.received is not None and stored.when == stored.received
    assert stored.when.year < 2100


def test_a_receive_time_claimed_by_a_client_is_replaced_by_the_servers(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    claimed = msgspec.structs.replace(status(ana), received=datetime(2100, 1, 1, tzinfo=UTC))
    assert post(ana, claimed).status_code == 200
    (stored,) = events_of(read(ana))
    assert stored.received is not None and stored.received.year < 2100


# -- 8. Sizes, cursors, numbers, nesting ---------------------------------------------------


def test_a_private_channel_of_120001_members_is_refused(server: RunningServer) -> None:
    mallory = server.join("mallory")
    huge = ChannelCreated(channel="p-" + new_id(), name="all", private=True,
                          members=tuple(f"m{n}" for n in range(120_001)))  # fmt: skip
    assert post(mallory, mallory.event(huge)).status_code in (400, 413)


@pytest.mark.parametrize(
    "cursor",
    ["²", "x:²:y", "w:99999999999999999999:x", "w:" + str(2**63) + ":x", "a:b:c:d", "::", "\x00"],
)
def test_a_malformed_cursor_is_400_never_500(server: RunningServer, cursor: str) -> None:
    ana = server.join("ana")
    refusal(read(ana, cursor), 400)


def test_a_cursor_number_beyond_the_log_of_this_workspace_is_a_reset(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    workspace = httpx.get(f"{server.url}/v1/me", headers=ana.headers).json()["workspace"]
    assert refusal(read(ana, f"{workspace}:{2**62}:x"), 409)["error"] == "reset"


@pytest.mark.parametrize("depth", [1_000, 50_000])
def test_deeply_nested_json_is_400_never_500(server: RunningServer, depth: int) -> None:
    ana = server.join("ana")
    event = json.loads(msgspec.json.encode(status(ana)))
    line = json.dumps({"events": [event]})
    nested = line.replace('"writing"', "[" * depth + "]" * depth)
    # An unknown field's value is skipped, nesting and all.
    unknown = line.replace('"writing"', '"writing", "x": ' + "[" * depth + "]" * depth)
    for content in (nested.encode(), unknown.encode(), ("[" * depth + "]" * depth).encode()):
        answer = httpx.post(
            f"{server.url}/v1/events",
            content=content,
            headers={**ana.headers, "Content-Type": "application/json"},
        )
        assert answer.status_code == 400, answer.text
    assert "Traceback" not in server.log.read_text(errors="replace")


@pytest.mark.parametrize(
    "device", ["ana-laptop\n", " ana-laptop", "ana-laptop ", "ana\tlaptop", "ana\u200blaptop"]
)
def test_a_device_name_with_control_characters_or_spaces_is_refused_at_join(
    server: RunningServer, device: str
) -> None:
    operator = ServerLog(server.db)
    _, code = operator.add_member("zoe", "Zoe")
    operator.close()
    answer = httpx.post(f"{server.url}/v1/join", json={"code": code, "device": device})
    assert answer.status_code == 400, answer.text


def test_a_device_name_that_differs_only_by_case_from_another_members_is_taken(
    server: RunningServer,
) -> None:
    server.join("ana", device="ana-laptop")
    operator = ServerLog(server.db)
    _, code = operator.add_member("mallory", "Mallory")
    operator.close()
    answer = httpx.post(f"{server.url}/v1/join", json={"code": code, "device": "Ana-Laptop"})
    assert answer.status_code == 409, answer.text


# -- 6. Waiting ------------------------------------------------------------------------------


def test_a_non_members_long_poll_is_not_ended_by_a_private_post_and_its_cursor_hides_it(
    server: RunningServer,
) -> None:
    ana, bob, cy = server.join("ana"), server.join("bob"), server.join("cy")
    general = ana.event(ChannelCreated(channel="c-general", name="general"))
    secret = "p-" + new_id()
    private = ana.event(ChannelCreated(channel=secret, name="hiring", private=True,
                                       members=(ana.member, bob.member)))  # fmt: skip
    assert post(ana, general, private).status_code == 200
    cursor = read(cy).json()["cursor"]
    answers: list[httpx.Response] = []
    waiter = threading.Thread(target=lambda: answers.append(read(cy, cursor, wait=20)))
    waiter.start()
    time.sleep(0.5)
    hidden = ana.event(ThreadOpened(thread=new_id(), channel=secret, title="Offer",
                                    message=new_id(), body="Salary band?"))  # fmt: skip
    assert post(ana, hidden).status_code == 200
    time.sleep(0.5)
    public = ana.event(ThreadOpened(thread=new_id(), channel="c-general", title="Hello",
                                    message=new_id(), body="Hi all"))  # fmt: skip
    assert post(ana, public).status_code == 200
    waiter.join(30)
    (answer,) = answers
    # It waited past the private post, for the one Cy may see.
    assert [e.id for e in events_of(answer)] == [public.id]
    # A read with nothing new for Cy leaves the cursor where it was: it moved
    # with the public thread only, never at the moment of a private event.
    after = answer.json()["cursor"]
    assert post(ana, ana.event(MessagePosted(message=new_id(), thread=hidden.body.thread,  # type: ignore[union-attr]
                                             body="B2"))).status_code == 200  # fmt: skip
    assert read(cy, after).json()["cursor"] == after


def test_a_long_poll_begun_before_a_revoke_ends_and_delivers_nothing_after_it(
    server: RunningServer,
) -> None:
    admin, ana, bob = server.join("root", admin=True), server.join("ana"), server.join("bob")
    channel = ana.event(ChannelCreated(channel="c-general", name="general"))
    assert post(ana, channel).status_code == 200
    cursor = read(bob).json()["cursor"]
    answers: list[httpx.Response] = []
    waiter = threading.Thread(target=lambda: answers.append(read(bob, cursor, wait=20)))
    waiter.start()
    time.sleep(0.5)
    revoked = httpx.post(f"{server.url}/v1/admin/revoke", json={"target": "@bob"},
                         headers=admin.headers)  # fmt: skip
    assert revoked.json()["revoked"] == 1
    later = ana.event(ThreadOpened(thread=new_id(), channel="c-general", title="After",
                                   message=new_id(), body="said after the revoke"))  # fmt: skip
    assert post(ana, later).status_code == 200
    waiter.join(30)
    (answer,) = answers
    assert answer.status_code == 401
    assert "said after the revoke" not in answer.text


def test_a_wait_longer_than_the_server_holds_is_held_as_long_as_it_does(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    answer = read(ana, "", wait=3600)
    assert answer.status_code == 200
    assert answer.json()["events"] == []
