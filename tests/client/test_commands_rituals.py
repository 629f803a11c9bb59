"""The rituals' rules, each stated once: check-ins, meetings, decisions, action items.

Ana lives in Berlin, Bob in New York, both Mon-Fri 09:00-17:00 in their own
time, sharing a folder with a public #general and a private #core (Ana and Bob
only) that Cy, in Berlin too, is not in. It is Wednesday 2 December 2026,
11:20 in Berlin (05:20 in New York).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from three_people import WEDNESDAY_1120_BERLIN, Team

from asynctui.client import rituals
from asynctui.client.commands import Refused, actions, checkins, meetings
from asynctui.client.commands.checkins import SKIPPED
from asynctui.client.commands.forms import ActionLine, Unreadable, due_for
from asynctui.core.events import HoursSet
from asynctui.core.hours import Hours


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def _meeting(team: Team, **given: object) -> str:
    options: dict[str, object] = {"channel": "#general", "title": "Q1 roadmap", "goal": "Agree",
                                  "agenda": ["Themes", "Hiring"], "due": "2d"}  # fmt: skip
    done = meetings.create(team.ana, **(options | given))  # type: ignore[arg-type]
    team.sync()
    return done.id


# -- meetings ----------------------------------------------------------------------------


def test_only_the_one_who_opened_a_meeting_may_close_it(team: Team) -> None:
    thread = _meeting(team, participants=["@bob"])
    before = team.recorded("bob")
    with pytest.raises(Refused, match=r'^only @ana, who opened "Q1 roadmap", can close it$'):
        meetings.close(team.bob, meeting=thread[-6:], outcome="Done")
    assert team.recorded("bob") == before
    done = meetings.close(team.ana, meeting=thread[-6:], outcome="Speed first")
    assert done.said == f'Closed meeting {thread[-6:].lower()} "Q1 roadmap".'
    with pytest.raises(Refused, match="is already closed"):
        meetings.close(team.ana, meeting=thread)


def test_a_meetings_participants_include_me_once_and_first(team: Team) -> None:
    thread = _meeting(team, participants=["@bob", "@ana", "bob"])
    m = rituals.meeting(team.ana.db, thread)
    assert m is not None and m.participants == ("m-ana", "m-bob")


def test_a_meeting_in_a_private_channel_takes_only_its_members(team: Team) -> None:
    with pytest.raises(Refused, match=r"^@cy is not a member of the private #core$"):
        meetings.create(team.ana, channel="core", title="Core", goal="G", agenda=["A"],
                        due="2d", participants=["@cy"])  # fmt: skip


def test_contributions_due_2d_are_counted_on_each_participants_own_calendar(team: Team) -> None:
    thread = _meeting(team, participants=["@bob"])
    m = rituals.meeting(team.ana.db, thread)
    assert m is not None and m.deadline is None and m.within is not None
    dues = {p.member: p.due for p in rituals.participation(team.ana.db, team.ana.team(), m,
                                                           WEDNESDAY_1120_BERLIN)}  # fmt: skip
    # Ana's two working days end Friday 11:20 Berlin; Bob's start at 09:00 New York
    # and end on Thursday at 17:00 there.
    assert dues == {
        "m-ana": datetime(2026, 12, 4, 10, 20, tzinfo=UTC),
        "m-bob": datetime(2026, 12, 3, 22, 0, tzinfo=UTC),
    }


def test_a_meeting_due_fri_is_due_at_the_end_of_my_friday(team: Team) -> None:
    thread = _meeting(team, due="fri")
    m = rituals.meeting(team.ana.db, thread)
    assert m is not None and m.deadline == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"agenda": []}, "give the agenda: one item at least"),
        ({"agenda": [f"item {n}" for n in range(21)]}, "too many agenda items (21; at most 20)"),
        ({"title": "x" * 501}, "the title is too long (501 characters; at most 500)"),
        ({"goal": "  "}, "the goal is empty"),
        ({"due": "whenever"}, "not a time: 'whenever'"),
        ({"participants": ["@zed"]}, "no member @zed"),
    ],
)
def test_a_meeting_that_does_not_fit_is_refused_and_nothing_is_recorded(
    team: Team, given: dict[str, object], said: str
) -> None:
    before = team.recorded("ana")
    with pytest.raises(Refused, match="^" + said.replace("(", r"\(").replace(")", r"\)")):
        _meeting(team, **given)
    assert team.recorded("ana") == before


def test_closing_with_one_bad_action_item_records_nothing_of_it(team: Team) -> None:
    thread = _meeting(team)
    with pytest.raises(Refused, match="^no member @zed"):
        meetings.close(team.ana, meeting=thread, decisions=["Speed first"],
                       actions=[ActionLine("Plan", "bob"), ActionLine("Hire", "zed")])  # fmt: skip
    m = rituals.meeting(team.ana.db, thread)
    assert m is not None and m.closed_at is None
    assert rituals.decisions(team.ana.db, thread=thread) == []
    assert rituals.action_items(team.ana.db, WEDNESDAY_1120_BERLIN, thread=thread) == []


def test_a_closed_meeting_takes_no_more_contributions(team: Team) -> None:
    thread = _meeting(team, participants=["@bob"], agenda=["Themes"])
    done = meetings.contribute(team.bob, meeting=thread, text="Speed")
    assert done.fields["missing"] == []
    meetings.close(team.ana, meeting=thread)
    team.sync()
    with pytest.raises(Refused, match="is closed: it takes no more contributions"):
        meetings.contribute(team.bob, meeting=thread, text="More")


# -- check-ins ---------------------------------------------------------------------------


def _checkin(team: Team, **given: object) -> str:
    options: dict[str, object] = {"channel": "general", "title": "Daily",
                                  "schedule": "weekdays 09:30"}  # fmt: skip
    done = checkins.create(team.ana, **(options | given))  # type: ignore[arg-type]
    team.sync()
    return done.id


def test_a_check_in_made_in_a_private_channel_asks_its_members_by_default(team: Team) -> None:
    ci = rituals.checkin(team.ana.db, _checkin(team, channel="#core"))
    assert ci is not None and ci.members == ("m-ana", "m-bob")
    with pytest.raises(Refused, match=r"^@cy is not a member of the private #core$"):
        checkins.create(team.ana, channel="core", title="Core", schedule="Mondays 10:00",
                        members=["@cy"])  # fmt: skip


def test_a_check_in_made_in_a_public_channel_asks_everyone_by_default(team: Team) -> None:
    ci = rituals.checkin(team.ana.db, _checkin(team))
    assert ci is not None and ci.members == ("m-ana", "m-bob", "m-cy")
    assert ci.questions == rituals.DEFAULT_QUESTIONS and ci.within == rituals.DEFAULT_WITHIN


def test_a_schedule_that_cannot_be_read_names_its_option(team: Team) -> None:
    with pytest.raises(Unreadable, match="not a schedule: 'someday 09:30'") as refused:
        _checkin(team, schedule="someday 09:30")
    assert refused.value.option == "schedule"


def test_an_answer_left_empty_is_sent_as_a_dash_but_one_must_be_written(team: Team) -> None:
    checkin = _checkin(team)
    with pytest.raises(Refused, match="^write at least one answer"):
        checkins.answer(team.ana, answers=["", " ", ""])
    done = checkins.answer(team.ana, answers=["The page", "", "Nothing"])
    assert done.fields["answers"] == ["The page", SKIPPED, "Nothing"]
    assert done.said == "Answered Daily of Wed 2 Dec 2026; 1 of 3 have answered."
    with pytest.raises(Refused, match="^you already answered Daily of Wed 2 Dec 2026"):
        checkins.answer(team.ana, checkin=checkin, answers=["Again", "", ""])


def test_only_a_check_ins_members_answer_it(team: Team) -> None:
    _checkin(team, channel="core")
    with pytest.raises(Refused, match="^Daily does not ask you: you are not among its members$"):
        checkins.answer(team.ws["cy"], checkin="Daily", answers=["a", "b", "c"])


def test_only_the_creator_stops_a_check_in_and_then_it_takes_no_answers(team: Team) -> None:
    checkin = _checkin(team)
    with pytest.raises(Refused, match="^only @ana, who created Daily, can stop it$"):
        checkins.stop(team.bob, checkin=checkin)
    assert checkins.stop(team.ana, checkin="daily").fields["stopped"] is True
    with pytest.raises(Refused, match="^Daily was stopped: it takes no more answers$"):
        checkins.answer(team.ana, checkin=checkin, answers=["a", "b", "c"])


# -- decisions and action items ------------------------------------------------------------


def test_an_action_item_due_fri_for_bob_is_due_at_the_end_of_bobs_friday(team: Team) -> None:
    done = actions.add(team.ana, thread=team.thread, text="Price it", owner="@bob", due="fri")
    # 17:00 in New York, whoever typed it in Berlin.
    assert done.fields["due"] == "2026-12-04T22:00:00Z"
    assert done.said.endswith("Price it · due Fri 23:00 (Fri 17:00 New York time) · 2d 11h left")


def test_an_action_item_due_fri_1700_is_five_oclock_where_it_was_typed(team: Team) -> None:
    done = actions.add(team.ana, thread=team.thread, text="Price it", owner="@bob",
                       due="fri 17:00")  # fmt: skip
    assert done.fields["due"] == "2026-12-04T16:00:00Z"


def test_an_action_item_due_within_4h_counts_the_owners_working_hours(team: Team) -> None:
    # Bob's day starts at 09:00 New York (15:00 Berlin): four hours on, 13:00 his time.
    done = actions.add(team.ana, thread=team.thread, text="Price it", owner="@bob",
                       due="within 4h")  # fmt: skip
    assert done.fields["due"] == "2026-12-02T18:00:00Z"


def test_a_due_time_that_cannot_be_read_is_refused_and_names_its_option(team: Team) -> None:
    with pytest.raises(Unreadable, match="^not a time: 'someday'") as refused:
        actions.add(team.ana, thread=team.thread, text="Do", owner="@bob", due="someday")
    assert refused.value.option == "due"
    assert rituals.action_items(team.ana.db, WEDNESDAY_1120_BERLIN) == []


def test_marking_an_action_item_done_twice_records_it_once(team: Team) -> None:
    made = actions.add(team.ana, thread=team.thread, text="Price it", owner="@bob")
    team.sync()
    assert actions.done(team.bob, action=made.short).said == f"Done: {made.short} Price it (@bob)"
    before = team.recorded("bob")
    again = actions.done(team.bob, action=made.id)
    assert again.events == () and team.recorded("bob") == before
    assert again.said == f"Action item {made.short} is already done: Price it"
    opened = actions.undo(team.bob, action=made.id)
    assert opened.said == f"Open again: {made.short} Price it (@bob, no due time)"


def test_a_decision_rests_only_on_messages_of_its_own_thread(team: Team) -> None:
    with pytest.raises(Refused, match="^no message 'zzzzzz' in this thread"):
        actions.decide(team.ana, thread=team.thread, messages=["zzzzzz"])
    with pytest.raises(Refused, match="^say what was decided$"):
        actions.decide(team.ana, thread=team.thread)
    done = actions.decide(team.ana, thread=team.thread, text="Two tiers", deciders=["@bob"])
    (decided,) = rituals.decisions(team.ana.db, thread=team.thread)
    assert (decided.text, decided.deciders) == ("Two tiers", ("m-bob",))
    assert done.said.endswith("(Pricing), decided by @bob.")


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("tomorrow", datetime(2026, 12, 3, 22, 0, tzinfo=UTC)),  # Thursday's end in New York
        ("8h", datetime(2026, 12, 2, 22, 0, tzinfo=UTC)),  # his 09:00-17:00 today
        ("in 3h", datetime(2026, 12, 2, 13, 20, tzinfo=UTC)),  # the clock, not his hours
        ("  ", None),
    ],
)
def test_due_words_for_bob_are_read_on_bobs_calendar(
    team: Team, typed: str, due: datetime | None
) -> None:
    calendar = team.ana.team().calendar("m-bob")
    assert due_for(typed, "bob", "Europe/Berlin", WEDNESDAY_1120_BERLIN, calendar) == due


def test_a_length_for_someone_who_never_works_is_refused_by_name(team: Team) -> None:
    team.ws["cy"].emit(HoursSet(hours=Hours(working=())))
    team.sync()
    calendar = team.ana.team().calendar("m-cy")
    with pytest.raises(Unreadable, match="^@cy has no working time ahead to count 8 working hours"):
        due_for("8h", "cy", "Europe/Berlin", WEDNESDAY_1120_BERLIN, calendar)
    with pytest.raises(Unreadable, match="^'2026-01-01' has already passed"):
        due_for("2026-01-01", "cy", "Europe/Berlin", WEDNESDAY_1120_BERLIN, calendar)
