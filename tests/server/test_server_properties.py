"""Whatever a member with a valid token sends, the server answers it without a
500, and nothing it stores breaks a later read or write (issue #10)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_harness import Device, RunningServer

from asynctui.core.events import (
    KINDS,
    ChannelCreated,
    Event,
    Payload,
    ProfileSet,
    StatusSet,
    ThreadOpened,
    decode,
    encode,
)

ids = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", ":", "a:b", "c-general", "d-" + "0" * 24, "x" * 65]),
)
numbers = st.one_of(
    st.integers(),
    st.sampled_from([-1, 0, 2**53 - 1, 2**53, 2**63 - 1, 2**63, 2**64, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.none(),
)
times = st.one_of(
    st.sampled_from(
        ["2026-11-20T15:00:00Z", "2100-01-01T00:00:00Z", "1990-01-01T00:00:00+05:00",
         "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-20T15:00:00", "not a time"]
    ),
    st.text(max_size=30),
)  # fmt: skip
scalars = st.one_of(ids, numbers, st.booleans(), times)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12,
)  # fmt: skip


@st.composite
def bodies(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": draw(st.sampled_from([*KINDS, "meeting.exploded", ""]))}
    for name in draw(
        st.lists(
            st.sampled_from(
                ["channel", "thread", "message", "ask", "asked", "name", "handle", "tz",
                 "members", "private", "body", "title", "state", "text", "until", "upto",
                 "within", "checkin", "day", "answers", "agenda", "participants", "owner"]
            ),
            max_size=8,
        )
    ):  # fmt: skip
        body[name] = draw(values)
    return body


@st.composite
def events(draw: st.DrawFn, device: Device) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": draw(ids),
        "lamport": draw(numbers),
        "device": draw(st.sampled_from([device.device, "someone-else"])),
        "author": draw(st.sampled_from([device.member, "m-other"])),
        "at": draw(times),
        "body": draw(bodies()),
    }
    if draw(st.booleans()):
        event["received"] = draw(times)
    return event


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    tmp = tmp_path_factory.mktemp("properties")
    server = RunningServer(tmp / "team.db", None, "--rate", "100000")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def mallory(server: RunningServer) -> Device:
    return server.join("mallory")


def send(server: RunningServer, device: Device, content: bytes) -> httpx.Response:
    headers = {**device.headers, "Content-Type": "application/json"}
    return httpx.post(f"{server.url}/v1/events", content=content, headers=headers)


@st.composite
def hostile(draw: st.DrawFn, device: Device) -> Event:
    """An event our client could encode, with the values it would never choose."""
    text = st.text(max_size=70)
    body: Payload = draw(
        st.one_of(
            st.builds(StatusSet, state=st.just("off"), text=st.text(max_size=600)),
            st.builds(ChannelCreated, channel=text, name=text, private=st.booleans(),
                      members=st.lists(st.sampled_from([device.member, "m-x", ""]),
                                       max_size=3).map(tuple)),
            st.builds(ThreadOpened, thread=text, channel=st.sampled_from(["c-x", "", "d-x"]),
                      title=text, message=text, body=text),
            st.builds(ProfileSet, name=text, handle=st.sampled_from(["mallory", "ana", ""]),
                      tz=text),
        )
    )  # fmt: skip
    return Event(
        id=draw(text),
        lamport=draw(st.integers(min_value=0, max_value=2**64)),
        device=device.device,
        author=device.member,
        at=draw(st.datetimes(timezones=st.just(UTC))),
        body=body,
        received=draw(st.none() | st.datetimes(timezones=st.just(UTC))),
    )


def everything_reads_and_writes(server: RunningServer, device: Device) -> None:
    answer = httpx.get(f"{server.url}/v1/events", headers=device.headers, params={"limit": 20000})
    assert answer.status_code == 200, answer.text
    for event in answer.json()["events"]:
        decode(json.dumps(event))
    fine = device.event(StatusSet(state="available", text="still here"))
    body = b'{"events":[' + encode(fine) + b"]}"
    assert send(server, device, body).status_code == 200


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_batch_of_events_gets_an_answer_below_500_and_the_log_stays_readable(
    server: RunningServer, mallory: Device, data: st.DataObject
) -> None:
    batch = data.draw(st.lists(events(mallory), min_size=1, max_size=3))
    # NaN and infinities are not JSON: they are sent as Python writes them.
    answer = send(server, mallory, json.dumps({"events": batch}).encode())
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        assert answer.json()["message"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_well_formed_events_with_hostile_values_are_stored_or_refused_never_500(
    server: RunningServer, mallory: Device, data: st.DataObject
) -> None:
    answer = send(server, mallory, b'{"events":[' + encode(data.draw(hostile(mallory))) + b"]}")
    assert answer.status_code < 500, answer.text


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    after=st.one_of(st.text(max_size=100), st.from_regex(r"[0-9A-Z]{26}:[0-9]{1,25}:[0-9a-f]{16}")),
    limit=st.one_of(st.none(), st.text(max_size=25), st.integers().map(str)),
    wait=st.one_of(st.none(), st.sampled_from(["0", "-1", "nan", "inf", "1e400", "0.01", "x"])),
)
def test_any_cursor_limit_and_wait_gets_an_answer_below_500(
    server: RunningServer, mallory: Device, after: str, limit: str | None, wait: str | None
) -> None:
    params = {"after": after, **({"limit": limit} if limit is not None else {}),
              **({"wait": wait} if wait is not None else {})}  # fmt: skip
    answer = httpx.get(f"{server.url}/v1/events", params=params, headers=mallory.headers)
    assert answer.status_code < 500, answer.text


def test_after_all_that_every_member_still_reads_and_writes(
    server: RunningServer, mallory: Device
) -> None:
    everything_reads_and_writes(server, mallory)
    everything_reads_and_writes(server, server.join("ana"))
    assert "Traceback" not in server.log.read_text(errors="replace")
