"""The quick switcher's places and their order, on a real shared folder.

Ana (Berlin), Bob Stone (New York) and Kenji Sato (Tokyo) share one folder; the
clock stands at Wednesday 18 November 2026, 11:20 in Berlin.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client.commands import channels, threads
from asynctui.client.replica import Replica
from asynctui.client.switcher import Found, Places, fuzzy, where_it_goes
from asynctui.client.views import channel_view
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import HoursSet, ProfileSet
from asynctui.core.hours import Hours
from asynctui.stores.folder import FolderStore

NOW = datetime(2026, 11, 18, 10, 20, tzinfo=UTC)

PEOPLE = {
    "ana": ("Ana Lima", "Europe/Berlin"),
    "bob": ("Bob Stone", "America/New_York"),
    "kenji": ("Kenji Sato", "Asia/Tokyo"),
}


class Team:
    """Three people on three devices sharing one folder, with #general and #design."""

    def __init__(self, tmp_path: Path) -> None:
        self.people: dict[str, Workspace] = {}
        folder = tmp_path / "shared"
        for who, (name, tz) in PEOPLE.items():
            ws = Workspace(
                Replica(tmp_path / f"{who}.db"),
                FolderStore.create(folder, f"{who}-laptop"),
                FixedClock(NOW),
                member=f"m-{who}",
                device=f"{who}-laptop",
            )
            ws.emit(ProfileSet(name=name, handle=who, tz=tz))
            ws.emit(HoursSet(hours=Hours()))
            self.people[who] = ws
        self.sync()
        channels.create(self["ana"], name="general")
        channels.create(self["ana"], name="design")
        self.sync()

    def __getitem__(self, who: str) -> Workspace:
        return self.people[who]

    def sync(self) -> None:
        for _ in range(2):
            for ws in self.people.values():
                ws.sync()

    def at(self, who: str, ago: timedelta) -> Workspace:
        """``who``'s workspace with the clock set back by ``ago`` (a message written then)."""
        ws = self[who]
        ws.clock = FixedClock(NOW - ago)
        return ws

    def places(self, who: str) -> Places:
        self.sync()
        ws = self[who]
        ws.clock = FixedClock(NOW)
        return Places(ws.db, ws.team(), ws.member, NOW)


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def labels(found: list[Found]) -> list[str]:
    return [f.place.label for f in found]


def test_typing_des_finds_design_before_the_thread_onboarding_empty_states(team: Team) -> None:
    threads.post(team["ana"], channel="#design", title="Onboarding empty states")
    found = labels(team.places("ana").find("des"))
    assert "Onboarding empty states" in found
    assert found.index("#design") < found.index("Onboarding empty states")
    assert found[0] == "#design"


def test_the_thread_active_an_hour_ago_comes_before_the_one_active_yesterday(
    team: Team,
) -> None:
    threads.post(team.at("bob", timedelta(days=1)), channel="#design", title="Icon review")
    threads.post(team.at("bob", timedelta(hours=1)), channel="#design", title="Logo review")
    found = labels(team.places("ana").find("review"))
    assert found[:2] == ["Logo review", "Icon review"]


def test_a_better_match_beats_a_more_recent_one(team: Team) -> None:
    threads.post(team.at("bob", timedelta(days=3)), channel="#design", title="Budget review")
    threads.post(team.at("bob", timedelta(hours=1)), channel="#general", title="Bugs in the audit")
    found = labels(team.places("ana").find("budget"))
    assert found == ["Budget review"]
    # Both hold b-u-g in order; the one where they stand side by side at a word's start
    # comes first even though the other is newer.
    found = labels(team.places("ana").find("bug"))
    assert found[:2] == ["Bugs in the audit", "Budget review"]


def test_a_private_channel_i_am_not_in_is_not_offered_nor_its_threads(team: Team) -> None:
    channels.create(team["bob"], name="salaries", private=True, members=["kenji"])
    team.sync()
    threads.post(team["bob"], channel="#salaries", title="Salary bands 2027")
    assert "#salaries" not in labels(team.places("ana").find("sal"))
    assert "Salary bands 2027" not in labels(team.places("ana").find("sal"))
    assert "Salary bands 2027" not in labels(team.places("ana").find(""))
    # Kenji is in it.
    assert {"#salaries", "Salary bands 2027"} <= set(labels(team.places("kenji").find("sal")))


def test_a_dm_reads_as_the_people_in_it_and_the_person_opens_it(team: Team) -> None:
    done = channels.dm(team["ana"], people=["kenji"], title="Your visa letter")
    channel = str(done.json()["channel"])
    places = team.places("ana")
    (dm,) = [f.place for f in places.find("kenji") if f.place.kind == "dm"]
    assert (dm.label, dm.detail, dm.view) == ("@kenji", "Kenji Sato", channel_view(channel))
    (thread,) = [f.place for f in places.find("visa")]
    assert (thread.kind, thread.detail) == ("thread", "@kenji")
    (kenji,) = [f.place for f in places.find("kenji") if f.place.kind == "person"]
    assert kenji.view == dm.view
    assert where_it_goes(kenji) == "opens your DM"
    # Nobody reads the DM's name, "dm-ana-kenji".
    assert not any("dm-" in f.place.label for f in places.find("dm"))


def test_a_person_without_a_dm_is_shown_in_the_team_panel(team: Team) -> None:
    (bob,) = [f.place for f in team.places("ana").find("bob") if f.place.kind == "person"]
    assert (bob.label, bob.detail, bob.view) == ("@bob", "Bob Stone", "")
    assert where_it_goes(bob) == "shows them in the team panel"


def test_a_person_is_found_by_their_name_too_and_i_am_not_offered(team: Team) -> None:
    found = [f.place for f in team.places("ana").find("sato")]
    assert [(p.kind, p.label) for p in found] == [("person", "@kenji")]
    assert not [f for f in team.places("ana").find("ana") if f.place.kind == "person"]


def test_the_person_i_talked_to_last_comes_first(team: Team) -> None:
    threads.post(team.at("bob", timedelta(days=2)), channel="#general", title="Old news")
    threads.post(team.at("kenji", timedelta(hours=2)), channel="#general", title="Fresh news")
    people = [f.place.label for f in team.places("ana").find("@") if f.place.kind == "person"]
    assert people == ["@kenji", "@bob"]


def test_with_nothing_typed_the_views_come_first_then_the_threads_active_last(
    team: Team,
) -> None:
    threads.post(team.at("bob", timedelta(days=1)), channel="#design", title="Yesterday's")
    threads.post(team.at("bob", timedelta(hours=1)), channel="#design", title="This morning's")
    found = team.places("ana").find("")
    kinds = [f.place.kind for f in found]
    assert kinds == ["view"] * kinds.count("view") + ["thread"] * 2
    assert labels(found)[:4] == ["Inbox", "Owed by me", "Owed to me", "Mentions"]
    assert {"Check-ins", "Meetings", "Decisions", "Action items"} <= set(labels(found))
    assert labels(found)[-2:] == ["This morning's", "Yesterday's"]
    assert found[-1].place.detail == "#design"
    assert found[-1].place.view == channel_view("c-design")


def test_typing_a_view_name_finds_the_view(team: Team) -> None:
    found = team.places("ana").find("owed to")
    assert found[0].place.label == "Owed to me"
    assert found[0].place.view == "owed-to-me"


# -- the score ------------------------------------------------------------------------


def test_letters_must_come_in_order_case_and_spaces_aside() -> None:
    assert fuzzy("OES", "Onboarding empty states") is not None
    assert fuzzy("o e s", "Onboarding empty states") is not None
    assert fuzzy("seo", "Onboarding empty states") is None
    assert fuzzy("", "anything") == (0.0, ())


def test_word_starts_and_letters_side_by_side_score_higher() -> None:
    side_by_side = fuzzy("des", "#design")
    spread = fuzzy("des", "Onboarding empty states")
    word_starts = fuzzy("oes", "Onboarding empty states")
    inside_words = fuzzy("oes", "Goodness")
    assert side_by_side and spread and word_starts and inside_words
    assert side_by_side[0] > spread[0]
    assert word_starts[0] > inside_words[0]
    # The letters shown as matched are the best ones: the start of each word.
    assert word_starts[1] == (0, 11, 17)
    assert side_by_side[1] == (1, 2, 3)
