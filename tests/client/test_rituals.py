"""Check-ins, async meetings, decisions and action items, as the read models count them.

The team: Ana in Berlin, Bob in New York, Dana in Tokyo, everyone Mon-Fri
09:00-17:00 in their own time. Monday 7 December 2026: Berlin is UTC+1, New
York UTC-5, Tokyo UTC+9. A daily check-in at 09:30 local reaches Dana first
(00:30 UTC), then Ana (08:30 UTC), then Bob (14:30 UTC).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client import digest, rituals
from asynctui.client.reminders import due_reminders, mark_reminded
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    ChannelCreated,
    CheckinAnswered,
    CheckinCreated,
    DecisionMade,
    Event,
    HoursSet,
    MeetingClosed,
    MeetingOpened,
    MessagePosted,
    Payload,
    ProfileSet,
    StatusSet,
    ThreadOpened,
)
from asynctui.core.hours import Hours, TimeOff, Window
from asynctui.core.ids import new_id
from asynctui.core.schedule import parse_schedule

ANA, BOB, DANA = "m-ana", "m-bob", "m-dana"
MONDAY = date(2026, 12, 7)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in UTC, ``day`` days after Monday 7 December 2026 00:00 UTC."""
    return datetime(2026, 12, 7, tzinfo=UTC) + timedelta(days=day, hours=hour, minutes=minute)


class Team3:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.lamport = 0

    def add(self, author: str, body: Payload, when: datetime) -> Event:
        self.lamport += 1
        event = Event(
            id=new_id(int(when.timestamp() * 1000)), lamport=self.lamport,
            device=f"{author}-laptop", author=author, at=when, body=body,
        )  # fmt: skip
        self.replica.apply([event])
        return event

    @property
    def db(self) -> sqlite3.Connection:
        return self.replica.db

    def team(self) -> Team:
        return Team(self.replica.db)

    def checkin(self, when: datetime, schedule: str = "weekdays 09:30") -> rituals.Checkin:
        cid = new_id()
        self.add(
            ANA,
            CheckinCreated(
                checkin=cid, channel="c-team", title="Daily check-in",
                questions=("What did you finish?", "What's next?", "Anything blocking you?"),
                schedule=parse_schedule(schedule), members=(ANA, BOB, DANA),
            ),
            when,
        )  # fmt: skip
        found = rituals.checkin(self.db, cid)
        assert found is not None
        return found

    def answer(self, who: str, ci: rituals.Checkin, day: date, when: datetime) -> None:
        answers = ("Shipped it", "Next thing", "Nothing")
        self.add(
            who, CheckinAnswered(checkin=ci.id, day=day, message=new_id(), answers=answers), when
        )


@pytest.fixture
def team(tmp_path: Path) -> Team3:
    t = Team3(Replica(tmp_path / "replica.db"))
    start = utc(-20, 0)
    for member, handle, tz in (
        (ANA, "ana", "Europe/Berlin"),
        (BOB, "bob", "America/New_York"),
        (DANA, "dana", "Asia/Tokyo"),
    ):
        t.add(member, ProfileSet(name=handle.title(), handle=handle, tz=tz), start)
    t.add(ANA, ChannelCreated(channel="c-team", name="team"), start)
    return t


def states(occ: rituals.Occurrence) -> dict[str, str]:
    return {p.member: p.state for p in occ.people}


# -- check-ins ------------------------------------------------------------------------


def test_a_daily_check_in_reaches_each_member_at_0930_in_their_own_zone(team: Team3) -> None:
    ci = team.checkin(utc(-1, 12))
    occ = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 9))
    starts = {p.member: p.starts for p in occ.people}
    assert starts == {DANA: utc(0, 0, 30), ANA: utc(0, 8, 30), BOB: utc(0, 14, 30)}
    at_0300 = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 3))
    assert states(at_0300) == {ANA: "upcoming", BOB: "upcoming", DANA: "pending"}
    at_0900 = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 9))
    assert states(at_0900)[ANA] == "pending" and states(at_0900)[BOB] == "upcoming"


def test_an_answer_is_due_four_working_hours_after_the_question_reached_you(
    team: Team3,
) -> None:
    ci = team.checkin(utc(-1, 12))
    occ = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 9))
    due = {p.member: p.due for p in occ.people}
    # 09:30 + 4 working hours = 13:30 local for everyone.
    assert due == {DANA: utc(0, 4, 30), ANA: utc(0, 12, 30), BOB: utc(0, 18, 30)}


def test_dana_who_has_not_answered_by_1330_tokyo_is_overdue_and_ana_who_answered_is_not(
    team: Team3,
) -> None:
    ci = team.checkin(utc(-1, 12))
    team.answer(ANA, ci, MONDAY, utc(0, 9))
    occ = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 15))
    assert states(occ) == {ANA: "answered", BOB: "pending", DANA: "overdue"}
    (ana,) = occ.who("answered")
    assert ana.answers == ("Shipped it", "Next thing", "Nothing") and not ana.late


def test_someone_on_time_off_is_skipped_not_counted_late(team: Team3) -> None:
    team.add(
        BOB,
        HoursSet(hours=Hours(time_off=(TimeOff(first=MONDAY, last=MONDAY, note="Holiday"),))),
        utc(-2, 0),
    )
    ci = team.checkin(utc(-1, 12))
    occ = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(1, 23))
    (bob,) = [p for p in occ.people if p.member == BOB]
    assert (bob.state, bob.reason, bob.due) == ("skipped", "time off", None)


def test_someone_out_of_office_when_the_question_comes_is_skipped(team: Team3) -> None:
    team.add(DANA, StatusSet(state="ooo", text="Conference", until=utc(3, 0)), utc(-1, 0))
    ci = team.checkin(utc(-1, 12))
    occ = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 20))
    (dana,) = [p for p in occ.people if p.member == DANA]
    assert (dana.state, dana.reason) == ("skipped", "out of office")


def test_a_monday_check_in_is_not_asked_of_someone_who_does_not_work_mondays(
    team: Team3,
) -> None:
    team.add(DANA, HoursSet(hours=Hours(working=())), utc(-2, 0))
    ci = team.checkin(utc(-1, 12), "Mondays 09:30")
    occ = rituals.occurrence(team.db, team.team(), ci, MONDAY, utc(0, 20))
    assert {p.member: p.reason for p in occ.who("skipped")} == {DANA: "not working that day"}


def test_the_current_occurrence_is_the_newest_one_that_reached_anyone(team: Team3) -> None:
    ci = team.checkin(utc(-3, 12))
    # Monday 01:00 UTC: Dana's Monday question has come; Bob is still on Sunday.
    assert rituals.current_day(ci, team.team(), utc(0, 1)) == MONDAY
    # Saturday: the last occurrence was Friday's.
    assert rituals.current_day(ci, team.team(), utc(5, 12)) == date(2026, 12, 11)


def test_a_check_in_made_after_a_questions_answer_was_due_does_not_ask_it(
    team: Team3,
) -> None:
    # Made Monday 14:00 UTC: 15:00 in Berlin, where the 09:30 question's answer
    # would have been due at 13:30; 09:00 in New York, before Bob's comes.
    late = team.checkin(utc(0, 14))
    occ = rituals.occurrence(team.db, team.team(), late, MONDAY, utc(0, 15))
    assert states(occ) == {ANA: "skipped", BOB: "pending", DANA: "skipped"}
    assert {p.reason for p in occ.who("skipped")} == {rituals.BEFORE_START}
    assert rituals.pending_checkins(team.db, team.team(), ANA, utc(0, 15)) == []
    # Made at 10:00 in Berlin, this morning's question can still be answered in time.
    early = team.checkin(utc(0, 9))
    (waiting,) = rituals.pending_checkins(team.db, team.team(), ANA, utc(0, 10))
    assert (waiting[0].id, waiting[1].state, waiting[2]) == (early.id, "pending", MONDAY)


def test_my_pending_check_in_is_offered_once_and_only_inside_my_working_hours(
    team: Team3,
) -> None:
    ci = team.checkin(utc(-1, 12))
    # 08:45 in Berlin: the question came at 09:30? Not yet (07:45 UTC is 08:45 Berlin).
    assert due_reminders(team.db, team.team(), ANA, utc(0, 7, 45)) == []
    (reminder,) = due_reminders(team.db, team.team(), ANA, utc(0, 9))
    assert reminder.checkin.id == ci.id and reminder.day == MONDAY
    mark_reminded(team.db, reminder, utc(0, 9))
    assert due_reminders(team.db, team.team(), ANA, utc(0, 10)) == []
    # Tuesday's occurrence comes at 09:30 her time; in her focus it waits.
    team.add(ANA, StatusSet(state="focus", until=utc(1, 11)), utc(1, 8))
    assert due_reminders(team.db, team.team(), ANA, utc(1, 9)) == []
    assert [r.day for r in due_reminders(team.db, team.team(), ANA, utc(1, 11, 5))] == [
        date(2026, 12, 8)
    ]


# -- async meetings ---------------------------------------------------------------------


TWO_DAYS = Window(2, "d")


def _meeting(team: Team3, when: datetime, within: Window | None = TWO_DAYS) -> str:
    tid = new_id()
    team.add(
        ANA,
        MeetingOpened(
            thread=tid, channel="c-team", title="Q1 roadmap", message=new_id(),
            goal="Agree the Q1 themes", agenda=("Themes", "Hiring"),
            participants=(ANA, BOB, DANA), within=within,
        ),
        when,
    )  # fmt: skip
    return tid


def test_within_two_working_days_is_counted_on_each_participants_calendar(
    team: Team3,
) -> None:
    # Opened Friday 11 December 16:00 UTC: 17:00 in Berlin, 11:00 in New York,
    # Saturday 01:00 in Tokyo.
    tid = _meeting(team, utc(4, 16))
    m = rituals.meeting(team.db, tid)
    assert m is not None
    due = {p.member: p.due for p in rituals.participation(team.db, team.team(), m, utc(4, 17))}
    # Dana's clock starts Monday 09:00 Tokyo: due Tuesday 17:00 there. Bob's runs
    # from Friday 11:00: due Tuesday 11:00 New York. Ana asked at her Friday's
    # close: due Tuesday 17:00 Berlin. The last two are the same instant.
    assert due == {DANA: utc(8, 8), BOB: utc(8, 16), ANA: utc(8, 16)}


def test_each_participant_sees_what_is_still_expected_of_them(team: Team3) -> None:
    tid = _meeting(team, utc(0, 9))
    team.add(BOB, MessagePosted(message=new_id(), thread=tid, body="Speed", item=0), utc(0, 15))
    team.add(BOB, MessagePosted(message=new_id(), thread=tid, body="Two", item=1), utc(0, 16))
    team.add(DANA, MessagePosted(message=new_id(), thread=tid, body="Docs", item=0), utc(1, 1))
    m = rituals.meeting(team.db, tid)
    assert m is not None
    parts = {p.member: p for p in rituals.participation(team.db, team.team(), m, utc(1, 2))}
    assert parts[BOB].missing == [] and parts[BOB].urgency == "answered"
    assert parts[DANA].missing == [1]
    assert parts[ANA].missing == [0, 1]
    waiting = rituals.waiting_meetings(team.db, team.team(), ANA, utc(1, 2))
    assert [(w.thread, p.missing) for w, p in waiting] == [(tid, [0, 1])]


def test_a_meeting_closed_by_its_owner_records_its_outcome_and_nobody_elses_close_counts(
    team: Team3,
) -> None:
    tid = _meeting(team, utc(0, 9))
    team.add(BOB, MeetingClosed(thread=tid, outcome="Bob says done"), utc(0, 12))
    m = rituals.meeting(team.db, tid)
    assert m is not None and m.closed_at is None
    team.add(ANA, MeetingClosed(thread=tid, outcome="Speed first"), utc(1, 12))
    m = rituals.meeting(team.db, tid)
    assert m is not None and m.closed_at == utc(1, 12) and m.outcome == "Speed first"
    assert rituals.meetings(team.db, open_only=True) == []


# -- decisions and action items -------------------------------------------------------


def _thread(team: Team3, when: datetime) -> tuple[str, str]:
    tid, mid = new_id(), new_id()
    team.add(
        ANA, ThreadOpened(thread=tid, channel="c-team", title="Pricing", message=mid, body="?"),
        when,
    )  # fmt: skip
    return tid, mid


def test_a_message_marked_a_decision_is_in_its_channels_decision_log(team: Team3) -> None:
    tid, mid = _thread(team, utc(0, 9))
    team.add(
        BOB, DecisionMade(decision=new_id(), thread=tid, text="Flat pricing", messages=(mid,)),
        utc(0, 15),
    )  # fmt: skip
    (d,) = rituals.decisions(team.db, channel="c-team")
    assert (d.text, d.deciders, d.messages, d.thread_title) == (
        "Flat pricing", (BOB,), (mid,), "Pricing",
    )  # fmt: skip
    assert rituals.decisions(team.db, channel="c-other") == []


def test_action_items_are_ordered_by_due_time_and_an_undone_item_is_open_again(
    team: Team3,
) -> None:
    tid, mid = _thread(team, utc(0, 9))
    late, soon, someday = new_id(), new_id(), new_id()
    for aid, due in ((someday, None), (soon, utc(2, 12)), (late, utc(1, 12))):
        team.add(
            ANA, ActionCreated(action=aid, thread=tid, text="Do " + aid[-4:], owner=BOB, due=due),
            utc(0, 10),
        )  # fmt: skip
    team.add(BOB, ActionDone(action=soon), utc(1, 9))
    now = utc(1, 13)
    items = rituals.action_items(team.db, now)
    assert [(a.id, a.urgency) for a in items] == [
        (late, "overdue"), (someday, "open"), (soon, "answered"),
    ]  # fmt: skip
    assert [a.id for a in rituals.action_items(team.db, now, show="overdue")] == [late]
    team.add(BOB, ActionDone(action=soon, done=False), utc(1, 14))
    assert [a.id for a in rituals.action_items(team.db, utc(1, 15), show="open")] == [
        late, soon, someday,
    ]  # fmt: skip


# -- the digest ------------------------------------------------------------------------


def test_the_digest_groups_what_happened_since_i_was_last_here(team: Team3) -> None:
    ci = team.checkin(utc(-1, 12))
    tid, mid = _thread(team, utc(0, 7))
    team.add(BOB, MessagePosted(message=new_id(), thread=tid, body="Tiers?"), utc(0, 15))
    team.add(
        BOB, DecisionMade(decision=new_id(), thread=tid, text="Two tiers", messages=(mid,)),
        utc(0, 16),
    )  # fmt: skip
    team.add(
        BOB,
        ActionCreated(action=new_id(), thread=tid, text="Draft the page", owner=ANA,
                      due=utc(1, 10)),
        utc(0, 16),
    )  # fmt: skip
    team.answer(DANA, ci, date(2026, 12, 8), utc(1, 1))
    meeting = _meeting(team, utc(0, 9))
    report = digest.build(team.db, team.team(), ANA, utc(0, 12), utc(1, 9))
    assert [a.text for a in report.new_actions] == ["Draft the page"]
    assert [d.text for d in report.decisions] == ["Two tiers"]
    assert [w.thread for w, _ in report.meetings_waiting] == [meeting]
    assert [c.id for c, _, _ in report.checkins_waiting] == [ci.id]  # Tuesday's question
    assert [(o.day, n) for o, n in report.checkin_answers] == [(date(2026, 12, 8), 1)]
    assert [(n.thread.id, n.replies, n.involved) for n in report.threads][0] == (tid, 1, True)
    text = digest.render(report, team.team(), "Europe/Berlin")
    titles = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert titles == [
        "Digest for @ana since Mon 13:00 (Europe/Berlin)",
        "What you owe (3)",
        # Bob's answer to Monday's question: Tuesday's has not reached him yet.
        "Overdue to you (1)",
        "Check-ins",
        "Decisions (1)",
        "New action items (1)",
        "Threads with new replies",
    ]
    assert '  Draft the page (you, 1h left, due 11:00) in "Pricing"' in text
    assert "  3h 30m left, due 13:30: your answer to Daily check-in, Tue 8 Dec" in text
    assert "  overdue 14h 30m, due Mon 19:30: @bob's answer to Daily check-in, Mon 7 Dec" in text
    markdown = digest.render(report, team.team(), "Europe/Berlin", markdown=True)
    assert markdown.startswith("# Digest for @ana")
    assert "\n## Decisions (1)\n\n- Two tiers" in markdown


def test_markdown_digest_makes_other_peoples_text_inert(team: Team3) -> None:
    tid, mid = _thread(team, utc(0, 7))
    team.add(
        BOB,
        DecisionMade(decision=new_id(), thread=tid, text="[click](http://x) <b>*now*</b>",
                     messages=(mid,)),
        utc(0, 16),
    )  # fmt: skip
    report = digest.build(team.db, team.team(), ANA, utc(0, 12), utc(0, 17))
    markdown = digest.render(report, team.team(), "Europe/Berlin", markdown=True)
    assert r"\[click\](http://x) \<b\>\*now\*\</b\>" in markdown


def test_an_empty_digest_says_so(team: Team3) -> None:
    report = digest.build(team.db, team.team(), ANA, utc(0, 12), utc(0, 13))
    assert report.empty
    assert "Nothing new. Nothing owed." in digest.render(report, team.team(), "Europe/Berlin")
