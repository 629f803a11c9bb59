"""Private channels and direct conversations: only their people read or write them,
checked for every object id an event names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import Device, RunningServer, post_events, running_server

from asynctui.cli import main
from asynctui.core.events import (
    AskCreated,
    ChannelCreated,
    Event,
    MessageEdited,
    MessagePosted,
    ReactionAdded,
    ReadMarked,
    ThreadOpened,
    ThreadResolved,
    decode,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


def post(device: Device, *events: Event) -> httpx.Response:
    return post_events(device, events)


def read_all(device: Device) -> list[Event]:
    answer = httpx.get(f"{device.url}/v1/events", headers=device.headers).json()
    return [decode(json.dumps(e)) for e in answer["events"]]


class Secret:
    """Ana and Bob's private channel, with a thread, a message and an ask in it."""

    def __init__(self, ana: Device, bob: Device) -> None:
        self.channel, self.thread = "p-" + new_id(), new_id()
        self.first, self.reply, self.ask = new_id(), new_id(), new_id()
        self.events = [
            ana.event(ChannelCreated(channel=self.channel, name="hiring", private=True,
                                     members=(ana.member, bob.member))),
            ana.event(ThreadOpened(thread=self.thread, channel=self.channel, title="Offer",
                                   message=self.first, body="Salary band?")),
            ana.event(AskCreated(ask=self.ask, thread=self.thread, asked=bob.member,
                                 within=Window(8, "h"))),
        ]  # fmt: skip
        assert post(ana, *self.events).status_code == 200
        self.answer = bob.event(MessagePosted(message=self.reply, thread=self.thread, body="B2"))
        assert post(bob, self.answer).status_code == 200


def test_only_the_people_of_a_private_channel_read_what_is_said_in_it(
    server: RunningServer,
) -> None:
    ana, bob, cy = server.join("ana"), server.join("bob"), server.join("cy")
    public = ana.event(ChannelCreated(channel="c-general", name="general"))
    post(ana, public)
    secret = Secret(ana, bob)
    everything = [public.id, *(e.id for e in secret.events), secret.answer.id]
    assert [e.id for e in read_all(ana)] == everything
    assert [e.id for e in read_all(bob)] == everything
    assert [e.id for e in read_all(cy)] == [public.id]


def test_a_readers_cursor_moves_past_a_long_run_of_others_private_events_but_not_a_short_one(
    server: RunningServer,
) -> None:
    ana, bob, cy = server.join("ana"), server.join("bob"), server.join("cy")
    secret = Secret(ana, bob)
    page = httpx.get(f"{server.url}/v1/events", headers=cy.headers).json()
    # A few private events: the cursor stays, telling Cy nothing of when they came.
    assert page["events"] == [] and int(page["cursor"].split(":")[1]) == 0
    for _ in range(3):
        replies = [
            ana.event(MessagePosted(message=new_id(), thread=secret.thread, body="more"))
            for _ in range(400)
        ]
        assert post(ana, *replies).status_code == 200
    page = httpx.get(f"{server.url}/v1/events", headers=cy.headers).json()
    assert page["events"] == []
    assert int(page["cursor"].split(":")[1]) == server.last_seq()


@pytest.mark.parametrize(
    "make",
    [
        lambda s, cy: MessagePosted(message=new_id(), thread=s.thread, body="let me in"),
        lambda s, cy: AskCreated(ask=new_id(), thread=s.thread, asked=cy.member,
                                 within=Window(1, "h")),
        lambda s, cy: ThreadResolved(thread=s.thread),
        lambda s, cy: ReadMarked(thread=s.thread, upto=cy.event(ThreadResolved(thread="x")).at),
        lambda s, cy: ReactionAdded(message=s.first, emoji="👀"),
        lambda s, cy: MessageEdited(message=s.reply, body="rewritten"),
        lambda s, cy: ThreadOpened(thread=new_id(), channel=s.channel, title="Me too",
                                   message=new_id(), body="hi"),
        lambda s, cy: ChannelCreated(channel=s.channel, name="hiring", private=True),
    ],
    ids=["reply", "ask", "resolve", "read-mark", "react", "edit", "new-thread", "re-create"],
)  # fmt: skip
def test_someone_outside_cannot_write_into_a_private_channel_by_naming_its_ids(
    server: RunningServer, make: object
) -> None:
    ana, bob, cy = server.join("ana"), server.join("bob"), server.join("cy")
    secret = Secret(ana, bob)
    answer = post(cy, cy.event(make(secret, cy)))  # type: ignore[operator]
    assert answer.status_code == 404, answer.text
    # The same answer as for an id that does not exist: nothing confirmed.
    assert answer.json()["index"] == 0 and "that you can see" in answer.json()["message"]


def test_a_thread_cannot_be_moved_into_another_channel_by_reusing_its_id(
    server: RunningServer,
) -> None:
    ana, bob, cy = server.join("ana"), server.join("bob"), server.join("cy")
    secret = Secret(ana, bob)
    post(cy, cy.event(ChannelCreated(channel="c-open", name="open")))
    hijack = cy.event(ThreadOpened(thread=secret.thread, channel="c-open", title="Mine now",
                                   message=new_id(), body="x"))  # fmt: skip
    assert post(cy, hijack).status_code == 409


def test_a_public_channel_cannot_be_made_private_by_creating_it_again(
    server: RunningServer,
) -> None:
    ana, bob = server.join("ana"), server.join("bob")
    post(ana, ana.event(ChannelCreated(channel="c-general", name="general")))
    again = bob.event(ChannelCreated(channel="c-general", name="general", private=True))
    assert post(bob, again).status_code == 409


def test_a_reply_to_a_thread_the_server_does_not_know_is_refused(server: RunningServer) -> None:
    ana = server.join("ana")
    answer = post(ana, ana.event(MessagePosted(message=new_id(), thread="nowhere", body="?")))
    assert answer.status_code == 404


def test_a_folder_moved_to_the_server_keeps_private_channels_private_whatever_the_journal_order(
    server: RunningServer, tmp_path: Path
) -> None:
    ana, bob, cy = server.join("ana"), server.join("bob"), server.join("cy")
    folder = tmp_path / "shared"
    secret_channel, thread = "p-" + new_id(), new_id()
    # Bob's reply sits in a journal read before Ana's, which opened the thread.
    FolderStore.create(folder, bob.device).append(
        [bob.event(MessagePosted(message=new_id(), thread=thread, body="reply first"))]
    )
    FolderStore.create(folder, ana.device).append([
        ana.event(ChannelCreated(channel=secret_channel, name="s", private=True,
                                 members=(ana.member, bob.member))),
        ana.event(ThreadOpened(thread=thread, channel=secret_channel, title="T",
                               message=new_id(), body="opened")),
    ])  # fmt: skip
    server.stop()
    assert main(["admin", "import", "--db", str(server.db), "--folder", str(folder)]) == 0
    server.start()
    assert len(read_all(bob)) == 3
    assert read_all(cy) == []
