"""Channels, DMs and invitations, rule by rule: the commands both front ends call,
on a real shared folder and a real server.

Ana works in Berlin, Kenji in Tokyo and Sam (handle ``sam-r``: handles may hold a
'-') in New York.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from server_harness import RunningServer, running_server

from asynctui.client import queries
from asynctui.client.commands import Refused, channels
from asynctui.client.replica import Replica
from asynctui.client.views import Views
from asynctui.client.words import channel_label
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock, SystemClock
from asynctui.core.events import HoursSet, ProfileSet
from asynctui.core.hours import Hours
from asynctui.stores.folder import FolderStore
from asynctui.stores.server import ServerStore, join

MONDAY_NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)

PEOPLE = {"ana": "Europe/Berlin", "kenji": "Asia/Tokyo", "sam-r": "America/New_York"}


class Team:
    """Three people on three devices sharing one folder; nobody has made a channel."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path / "shared"
        self.people: dict[str, Workspace] = {}
        for who, tz in PEOPLE.items():
            ws = Workspace(
                Replica(tmp_path / f"{who}.db"),
                FolderStore.create(self.folder, f"{who}-laptop"),
                FixedClock(MONDAY_NOON),
                member=f"m-{who}",
                device=f"{who}-laptop",
            )
            ws.emit(ProfileSet(name=who.title(), handle=who, tz=tz))
            ws.emit(HoursSet(hours=Hours()))
            self.people[who] = ws
        self.sync()

    def __getitem__(self, who: str) -> Workspace:
        return self.people[who]

    def sync(self) -> None:
        for _ in range(2):
            for ws in self.people.values():
                ws.sync()

    def sidebar(self, who: str) -> list[str]:
        ws = self[who]
        return [v.label for v in Views(ws.db, ws.team(), ws.member, MONDAY_NOON).sidebar()]

    def thread_label(self, who: str, thread: str) -> str:
        ws = self[who]
        return Views(ws.db, ws.team(), ws.member, MONDAY_NOON).summary(thread).channel_label


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


# -- #general ------------------------------------------------------------------------------


def test_a_new_workspace_starts_with_general(team: Team) -> None:
    done = channels.first_channel(team["ana"])
    assert done is not None and done.said == "Created #general."
    team.sync()
    for who in PEOPLE:
        assert [c.name for c in queries.channels(team[who].db)] == ["general"]


def test_a_workspace_that_has_general_gets_no_second_one(team: Team) -> None:
    channels.first_channel(team["ana"])
    team.sync()
    assert channels.first_channel(team["kenji"]) is None
    assert [c.name for c in queries.channels(team["kenji"].db)] == ["general"]


def test_two_first_joins_at_once_make_one_general(team: Team) -> None:
    # Neither has seen the other's: both make it, and it is the same channel.
    channels.first_channel(team["ana"])
    channels.first_channel(team["kenji"])
    team.sync()
    assert [(c.id, c.name) for c in queries.channels(team["sam-r"].db)] == [
        ("c-general", "general")
    ]


def test_a_workspace_with_channels_of_its_own_is_left_as_it_is(team: Team) -> None:
    channels.create(team["ana"], name="design")
    assert channels.first_channel(team["ana"]) is None


# -- channels ------------------------------------------------------------------------------


def test_a_private_channel_is_read_by_its_members_and_shown_as_a_channel(team: Team) -> None:
    done = channels.create(team["ana"], name="#Hiring", private=True, members=["@kenji"])
    assert done.said == "Created private #hiring."
    assert done.fields["members"] == ["m-ana", "m-kenji"]
    team.sync()
    assert team.sidebar("kenji")[-1] == "#hiring"


@pytest.mark.parametrize(
    ("name", "members", "private", "said"),
    [
        ("", (), False, "bad channel name ''"),
        ("Design Team", (), False, "bad channel name 'Design Team'"),
        ("design", ("@kenji",), False, "members are for a private channel"),
        ("design", ("@nobody",), True, "no member @nobody"),
    ],
)
def test_a_channel_that_cannot_be_made_is_refused_in_one_line(
    team: Team, name: str, members: tuple[str, ...], private: bool, said: str
) -> None:
    with pytest.raises(Refused, match=said) as refused:
        channels.create(team["ana"], name=name, private=private, members=members)
    assert "\n" not in str(refused.value)
    assert queries.channels(team["ana"].db) == []


def test_a_second_channel_of_the_same_name_is_refused(team: Team) -> None:
    channels.create(team["ana"], name="design")
    with pytest.raises(Refused, match="#design already exists"):
        channels.create(team["ana"], name="Design")


# -- direct messages -----------------------------------------------------------------------


def test_anas_dm_with_kenji_reads_kenji_for_her_and_ana_for_him(team: Team) -> None:
    done = channels.dm(team["ana"], people=["@kenji"], title="Lunch?", body="Free at 12?")
    assert done.said.endswith("to @kenji (direct): Lunch?")
    team.sync()
    assert team.thread_label("ana", done.id) == "@kenji"
    assert team.thread_label("kenji", done.id) == "@ana"
    assert team.sidebar("ana")[-1] == "@kenji"
    assert team.sidebar("kenji")[-1] == "@ana"
    assert not any("dm-" in label for who in PEOPLE for label in team.sidebar(who))


def test_a_group_dm_names_everyone_else_even_with_a_dash_in_a_handle(team: Team) -> None:
    done = channels.dm(team["ana"], people=["@kenji", "@sam-r"], title="Offsite")
    team.sync()
    assert team.thread_label("ana", done.id) == "@kenji, @sam-r"
    assert team.thread_label("sam-r", done.id) == "@ana, @kenji"


def test_direct_messages_come_after_the_channels_in_the_sidebar(team: Team) -> None:
    channels.dm(team["ana"], people=["@kenji"], title="Lunch?")
    channels.create(team["ana"], name="zebra")
    assert team.sidebar("ana")[-2:] == ["#zebra", "@kenji"]


def test_a_dm_with_myself_alone_is_refused(team: Team) -> None:
    with pytest.raises(Refused, match="name someone other than yourself"):
        channels.dm(team["ana"], people=["@ana"], title="Note to self")


def test_the_label_of_a_dm_whose_people_are_not_known_yet_names_no_channel(team: Team) -> None:
    label = channel_label("d-123", "dm-ana-kenji", [], me="m-ana", team=team["ana"].team())
    assert label == "direct message"


# -- invitations ---------------------------------------------------------------------------


def test_on_a_shared_folder_an_invite_says_how_to_join(team: Team) -> None:
    ws = team["ana"]
    done = channels.invite(ws, ws.store, handle="@zoe", name="Zoe Park")
    assert str(team.folder) in done.said
    assert 'asynctui init --folder FOLDER --name "Zoe Park" --handle zoe' in done.said
    assert done.events == ()


def test_another_device_of_someone_in_the_team_joins_with_existing(team: Team) -> None:
    ws = team["ana"]
    done = channels.invite(ws, ws.store, handle="kenji")
    assert "asynctui init --folder FOLDER --existing --handle kenji" in done.said


@pytest.mark.parametrize(
    ("handle", "name", "said"),
    [
        ("Zoe Park", "Zoe", "bad handle 'Zoe Park'"),
        ("zoe", "", "give @zoe's name"),
        ("kenji", "Kenji Two", "@kenji is in the team already (Kenji)"),
    ],
)
def test_an_invite_that_cannot_be_made_is_refused_in_one_line(
    team: Team, handle: str, name: str, said: str
) -> None:
    ws = team["ana"]
    with pytest.raises(Refused, match=said.replace("(", r"\(").replace(")", r"\)")):
        channels.invite(ws, ws.store, handle=handle, name=name)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


def _on(server: RunningServer, handle: str, tmp_path: Path, *, admin: bool) -> Workspace:
    device = server.join(handle, admin=admin)
    store = ServerStore(server.url, device.token, device.device)
    ws = Workspace(
        Replica(tmp_path / f"{handle}.db"), store, SystemClock(), device.member, device.device
    )
    ws.emit(ProfileSet(name=handle.title(), handle=handle, tz="Europe/Berlin"))
    ws.sync()
    return ws


def test_on_a_server_an_admin_gets_a_join_code_that_joins(
    server: RunningServer, tmp_path: Path
) -> None:
    ana = _on(server, "ana", tmp_path, admin=True)
    done = channels.invite(ana, ana.store, handle="zoe", name="Zoe Park")
    code = str(done.fields["code"])
    assert code in done.said and f"asynctui init --server {server.url}" in done.said
    joined = join(server.url, code, "zoe-laptop")
    assert (joined.handle, joined.member) == ("zoe", done.id)


def test_on_a_server_only_an_admin_may_invite(server: RunningServer, tmp_path: Path) -> None:
    _on(server, "ana", tmp_path, admin=True)
    bob = _on(server, "bob", tmp_path, admin=False)
    with pytest.raises(Refused, match="only an admin can manage members") as refused:
        channels.invite(bob, bob.store, handle="zoe", name="Zoe Park")
    assert "\n" not in str(refused.value)
