"""Talking, rule by rule: the commands both front ends call, on a real shared folder.

Ana works in Berlin, Bob in New York and Cy in Berlin, Monday to Friday 09:00-17:00
each; the clock stands at Friday 16:00 in Berlin (10:00 in New York).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from asynctui.client import queries
from asynctui.client.commands import Refused, ask_steps, asks, channels, threads
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import MAX_BODY_CHARS, HoursSet, ProfileSet
from asynctui.core.hours import Hours
from asynctui.stores.folder import FolderStore

FRIDAY_4PM_BERLIN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

ZONES = {"ana": "Europe/Berlin", "bob": "America/New_York", "cy": "Europe/Berlin"}


class Team:
    """Three people on three devices sharing one folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.people: dict[str, Workspace] = {}
        folder = tmp_path / "shared"
        for who, tz in ZONES.items():
            ws = Workspace(
                Replica(tmp_path / f"{who}.db"),
                FolderStore.create(folder, f"{who}-laptop"),
                FixedClock(FRIDAY_4PM_BERLIN),
                member=f"m-{who}",
                device=f"{who}-laptop",
            )
            ws.emit(ProfileSet(name=who.title(), handle=who, tz=tz))
            ws.emit(HoursSet(hours=Hours()))
            self.people[who] = ws
        self.sync()
        channels.create(self["ana"], name="general")
        self.sync()

    def __getitem__(self, who: str) -> Workspace:
        return self.people[who]

    def sync(self) -> None:
        for _ in range(2):
            for ws in self.people.values():
                ws.sync()


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def recorded(ws: Workspace) -> int:
    return len(ws.replica.outbox())


# -- posting ------------------------------------------------------------------------------


def test_a_thread_with_a_title_alone_shows_its_title_as_its_first_message(team: Team) -> None:
    done = threads.post(team["ana"], channel="#general", title="Launch on Monday?")
    assert done.said == f"Posted {done.short} in #general: Launch on Monday?"
    (first,) = queries.messages(team["ana"].db, done.id)
    assert first.body == "Launch on Monday?"


def test_a_post_for_scripts_has_the_thread_its_first_message_and_its_short_id(team: Team) -> None:
    done = threads.post(team["ana"], channel="general", title="Plan", body="Draft attached")
    printed = done.json()
    assert printed["kind"] == "thread"
    assert printed["id"] == printed["thread"] == done.id
    assert printed["short"] == done.id[-6:].lower()
    assert printed["channel_name"] == "general"
    assert queries.messages(team["ana"].db, done.id)[0].id == printed["message"]


def test_a_post_in_a_channel_nobody_made_names_the_channels_there_are(team: Team) -> None:
    before = recorded(team["ana"])
    with pytest.raises(Refused, match=r"no channel #design \(channels: #general\)"):
        threads.post(team["ana"], channel="#design", title="Logo")
    assert recorded(team["ana"]) == before


def test_a_title_of_only_spaces_or_control_characters_is_refused(team: Team) -> None:
    with pytest.raises(Refused, match="the title is empty"):
        threads.post(team["ana"], channel="#general", title=" \x1b[2J ")


def test_cy_cannot_post_in_a_private_channel_of_ana_and_bob(team: Team) -> None:
    channels.create(team["ana"], name="deals", private=True, members=["@bob"])
    team.sync()
    with pytest.raises(Refused, match="#deals is private and you are not one of its members"):
        threads.post(team["cy"], channel="#deals", title="Hello?")
    assert threads.post(team["bob"], channel="#deals", title="Q4 numbers").kind == "thread"


# -- replying, editing, reacting ------------------------------------------------------------


def test_bobs_reply_says_it_answers_anas_ask(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    asks.ask(team["ana"], thread=thread, person="@bob")
    team.sync()
    done = threads.reply(team["bob"], thread=thread[-6:], body="Looks right")
    assert done.said.endswith("; that answers @ana's ask.")
    assert len(done.fields["answers"]) == 1  # type: ignore[arg-type]


def test_an_empty_or_too_long_reply_is_refused_and_nothing_is_recorded(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    before = recorded(team["ana"])
    with pytest.raises(Refused, match="the message is empty"):
        threads.reply(team["ana"], thread=thread, body="\n  \n")
    with pytest.raises(Refused, match="at most 40,000"):
        threads.reply(team["ana"], thread=thread, body="x" * (MAX_BODY_CHARS + 1))
    assert recorded(team["ana"]) == before


def test_a_reply_may_quote_only_a_message_of_its_own_thread(team: Team) -> None:
    one = threads.post(team["ana"], channel="#general", title="One", body="first")
    other = threads.post(team["ana"], channel="#general", title="Other")
    with pytest.raises(Refused, match="no message .* in thread"):
        threads.reply(
            team["ana"], thread=other.id, body="as said", quote=str(one.fields["message"])
        )
    done = threads.reply(
        team["ana"], thread=one.id, body="as said", quote=str(one.fields["message"])
    )
    assert done.fields["quote"] == one.fields["message"]


def test_only_the_author_may_edit_a_message(team: Team) -> None:
    done = threads.post(team["ana"], channel="#general", title="Plan", body="Draft")
    message = str(done.fields["message"])
    team.sync()
    with pytest.raises(Refused, match="you can only edit your own messages"):
        threads.edit(team["bob"], message=message, body="Mine now")
    assert threads.edit(team["ana"], message=message, body="Final").said == (
        f"Edited {message[-6:].lower()}."
    )
    assert queries.messages(team["ana"].db, done.id)[0].body == "Final"


def test_a_reaction_is_an_emoji_or_a_short_word_and_only_mine_can_be_taken_back(
    team: Team,
) -> None:
    done = threads.post(team["ana"], channel="#general", title="Shipped")
    message = str(done.fields["message"])
    with pytest.raises(Refused, match="at most 32 characters"):
        threads.react(team["ana"], message=message, emoji="x" * 33)
    with pytest.raises(Refused, match="you have not reacted 🎉"):
        threads.unreact(team["ana"], message=message, emoji="🎉")
    threads.react(team["ana"], message=message, emoji="🎉")
    assert queries.messages(team["ana"].db, done.id)[0].reactions == {"🎉": ["m-ana"]}
    said = threads.unreact(team["ana"], message=message, emoji="🎉").said
    assert said == f"Removed 🎉 from {message[-6:].lower()}."
    assert queries.messages(team["ana"].db, done.id)[0].reactions == {}


# -- resolving and reading -------------------------------------------------------------------


def test_a_resolved_thread_is_resolved_once_and_can_be_reopened(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    assert threads.resolve(team["ana"], thread=thread).said.startswith("Resolved ")
    with pytest.raises(Refused, match=r"\(Pricing\) is already resolved"):
        threads.resolve(team["ana"], thread=thread)
    assert threads.reopen(team["ana"], thread=thread).fields["resolved"] is False
    with pytest.raises(Refused, match="is already open"):
        threads.reopen(team["ana"], thread=thread)


def test_reading_a_thread_marks_it_read_once(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="News").id
    team.sync()
    assert len(threads.mark_read(team["bob"], thread=thread).events) == 1
    again = threads.mark_read(team["bob"], thread=thread)
    assert (again.events, again.said) == ((), f"{thread[-6:].lower()} (News) was read already.")
    assert threads.mark_all_read(team["bob"], threads=[thread]).said == "Marked 0 thread(s) read."


# -- asking ------------------------------------------------------------------------------------


def test_an_8h_ask_of_bob_on_friday_afternoon_is_due_monday_and_said_as_previewed(
    team: Team,
) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    preview = asks.preview(team["ana"], person="@bob", within="8h")
    done = asks.ask(team["ana"], thread=thread, person="@bob", within="8h")
    # 7 of Bob's working hours are left on Friday (10:00-17:00 New York), 1 on Monday.
    assert done.fields["due"] == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert "Bob is working now; an 8h ask is due Mon 16:00 (Mon 10:00 New York time)" in preview
    assert done.said == (
        f"Asked @bob in {thread[-6:].lower()} for a reply within 8 working hours. {preview}."
    )


def test_an_ask_without_a_window_takes_the_asked_persons_promise(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    done = asks.ask(team["ana"], thread=thread, person="bob")
    assert done.fields["within"] == "8 working hours"


def test_nobody_asks_themself_and_a_bad_window_says_how_to_write_one(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    with pytest.raises(Refused, match="you cannot ask yourself for a reply"):
        asks.ask(team["ana"], thread=thread, person="@ana")
    with pytest.raises(Refused, match=r"not a reply window: 'soon' \(try 8h, 90m or 2d\)"):
        asks.ask(team["ana"], thread=thread, person="@bob", within="soon")
    assert asks.preview(team["ana"], person="@bob", within="soon").startswith("not a reply window")


def test_asking_bob_and_cy_in_a_channel_cy_cannot_see_asks_neither(team: Team) -> None:
    channels.create(team["ana"], name="deals", private=True, members=["@bob"])
    thread = threads.post(team["ana"], channel="#deals", title="Q4").id
    before = recorded(team["ana"])
    with pytest.raises(Refused, match="@cy is not a member of #deals, so cannot see this thread"):
        asks.ask_all(team["ana"], thread=thread, people=["@bob", "@cy"])
    assert recorded(team["ana"]) == before
    assert queries.asks(team["ana"].db, team["ana"].team(), team["ana"].now()) == []


def test_only_the_one_who_asked_may_withdraw_an_ask_and_only_once(team: Team) -> None:
    thread = threads.post(team["ana"], channel="#general", title="Pricing").id
    ask = asks.ask(team["ana"], thread=thread, person="@bob").id
    team.sync()
    with pytest.raises(Refused, match="only the person who asked can withdraw an ask"):
        ask_steps.withdraw(team["bob"], ask=ask[-6:])
    assert ask_steps.withdraw(team["ana"], ask=ask[-6:]).said == f"Withdrew ask {ask[-6:].lower()}."
    with pytest.raises(Refused, match="is withdrawn already"):
        ask_steps.withdraw(team["ana"], ask=ask)
    with pytest.raises(Refused, match="no single ask matches 'zzzzzz'"):
        ask_steps.withdraw(team["ana"], ask="zzzzzz")


# -- channels and direct conversations ----------------------------------------------------------


def test_channel_names_are_lowercase_words_of_at_most_40_characters(team: Team) -> None:
    assert channels.create(team["ana"], name="#Design").said == "Created #design."
    with pytest.raises(Refused, match="#design already exists"):
        channels.create(team["ana"], name="design")
    for bad in ("two words", "-dash-first", "x" * 41, "déjà-vu"):
        with pytest.raises(Refused, match="bad channel name"):
            channels.create(team["ana"], name=bad)


def test_a_public_channel_has_no_members_list(team: Team) -> None:
    with pytest.raises(Refused, match="members are for a private channel"):
        channels.create(team["ana"], name="ops", members=["@bob"])


def test_a_dm_to_bob_twice_is_one_conversation_and_a_dm_to_oneself_is_refused(
    team: Team,
) -> None:
    first = channels.dm(team["ana"], people=["@bob"], title="Lunch?")
    assert first.said == f"Posted {first.short} to @bob (direct): Lunch?"
    assert len(first.events) == 2  # the conversation, then the thread
    team.sync()
    second = channels.dm(team["bob"], people=["@ana"], title="Tuesday")
    assert len(second.events) == 1
    assert second.fields["channel"] == first.fields["channel"]
    with pytest.raises(Refused, match="name someone other than yourself"):
        channels.dm(team["ana"], people=["@ana"], title="Note to self")
