"""Me and my calendar: status, focus, hours and time off, as Ana sets them.

Ana lives in Berlin and works Mon-Fri 08:30-17:00. Each test records through
the command a front end calls, in a real workspace on a shared folder, and
checks what she is told and what was recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from asynctui.client.commands import Refused, people
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import HoursSet, ProfileSet, StatusSet
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window
from asynctui.core.rules import parse_rules
from asynctui.stores.folder import FolderStore

BERLIN = "Europe/Berlin"
WORKDAYS = tuple(parse_rules("Mon-Fri 08:30-17:00"))


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """November 2026 in Berlin (UTC+1): the 18th is a Wednesday."""
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


@pytest.fixture
def ana(tmp_path: Path) -> Workspace:
    ws = Workspace(
        Replica(tmp_path / "ana.db"),
        FolderStore.create(tmp_path / "shared", "ana-laptop"),
        FixedClock(berlin(18, 10)),
        member="m-ana",
        device="ana-laptop",
    )
    ws.emit(ProfileSet(name="Ana Ruiz", handle="ana", tz=BERLIN))
    ws.emit(HoursSet(hours=Hours(working=WORKDAYS)))
    return ws


def at(ws: Workspace, when: datetime) -> Workspace:
    ws.clock = FixedClock(when)
    return ws


def my_status(ws: Workspace) -> StatusSet:
    body = ws.replica.outbox()[-1].event.body
    assert isinstance(body, StatusSet)
    return body


def recorded(ws: Workspace) -> int:
    return len(ws.replica.outbox())


# -- status and focus -------------------------------------------------------------


def test_ana_sets_focus_for_90_minutes_at_10_she_is_in_focus_until_11_30(
    ana: Workspace,
) -> None:
    done = people.focus(ana, "90m", text="Writing the plan")
    assert done.said == "Status set: in focus · Writing the plan · until 11:30"
    assert my_status(ana) == StatusSet(
        state="focus", text="Writing the plan", until=berlin(18, 11, 30)
    )
    assert ana.team().status("m-ana", berlin(18, 11, 29)) is not None
    assert ana.team().status("m-ana", berlin(18, 11, 30)) is None


def test_focus_until_a_time_of_day_ends_then(ana: Workspace) -> None:
    assert people.focus(ana, "11:15").said == "Status set: in focus · until 11:15"


def test_a_focus_block_always_has_an_end(ana: Workspace) -> None:
    with pytest.raises(Refused, match="how long the focus block lasts"):
        people.focus(ana, "  ")


def test_a_status_until_fri_set_on_wednesday_ends_when_her_fridays_working_day_starts(
    ana: Workspace,
) -> None:
    done = people.set_status(ana, "away", text="Offsite", until="fri")
    assert my_status(ana).until == berlin(20, 8, 30)
    assert done.said == "Status set: away · Offsite · until Fri 08:30"


def test_away_for_2h_is_two_hours_of_the_clock_even_past_the_end_of_her_day(
    ana: Workspace,
) -> None:
    people.set_status(at(ana, berlin(18, 16)), "away", until="2h")
    assert my_status(ana).until == berlin(18, 18)
    people.set_status(ana, "away", length="2h")
    assert my_status(ana).until == berlin(18, 18)


def test_the_status_box_and_the_cli_read_the_same_words_to_the_same_end(ana: Workspace) -> None:
    box = people.Ends.mine(ana)
    for words in ("fri", "17:00", "tomorrow 09:00", "2026-12-01", "90m", "in 3h"):
        people.set_status(ana, "away", until=words)
        assert my_status(ana).until == box.read(words), words
    assert box.read("2026-12-01") == datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def test_off_until_her_next_working_day_on_a_friday_afternoon_is_monday_morning(
    ana: Workspace,
) -> None:
    done = people.set_status(at(ana, berlin(20, 15)), "off", until=people.NEXT_WORKING_DAY)
    assert my_status(ana).until == berlin(23, 8, 30)
    assert done.said == "Status set: off · until Mon 08:30"


def test_off_early_in_the_morning_takes_the_whole_day_off(ana: Workspace) -> None:
    people.set_status(at(ana, berlin(18, 6)), "off", until=people.NEXT_WORKING_DAY)
    assert my_status(ana).until == berlin(19, 8, 30)


def test_off_ends_when_her_day_starts_even_if_it_starts_with_a_focus_block(
    ana: Workspace,
) -> None:
    thursday_focus = WeeklyRule(days=(3,), start=8 * 60 + 30, end=11 * 60)
    people.set_hours(ana, focus="Thu 08:30-11:00")
    assert ana.team().hours("m-ana").focus == (thursday_focus,)
    people.set_status(ana, "off", until=people.NEXT_WORKING_DAY)
    assert my_status(ana).until == berlin(19, 8, 30)


def test_a_status_with_no_end_lasts_until_she_sets_another(ana: Workspace) -> None:
    done = people.set_status(ana, "ooo", text="Parental leave", emoji="🍼")
    assert done.said == "Status set: out of office · 🍼 Parental leave"
    assert my_status(ana).until is None
    assert people.set_status(ana, "available").said == "Status set: available"


def test_out_of_office_may_be_typed_in_full(ana: Workspace) -> None:
    people.set_status(ana, "Out-Of-Office")
    assert my_status(ana).state == "ooo"


def test_what_a_status_says_is_kept_on_one_line_without_escape_sequences(ana: Workspace) -> None:
    people.set_status(ana, "away", text="At the\n\x1b[31mdentist", emoji=" 🦷 ")
    assert (my_status(ana).text, my_status(ana).emoji) == ("At the dentist", "🦷")


@pytest.mark.parametrize(
    ("state", "until", "message"),
    [
        ("busy", "", "unknown status 'busy' (choose from available, away, focus, off, ooo,"),
        ("away", "09:00 yesterday", "not a time: '09:00 yesterday'"),
        ("away", "2026-11-17", "'2026-11-17' has already passed"),
        ("away", "soonish", "not a time: 'soonish'"),
        ("away", "99999999999999w", "further ahead than any calendar"),
    ],
)
def test_a_status_that_cannot_be_is_refused_and_nothing_is_recorded(
    ana: Workspace, state: str, until: str, message: str
) -> None:
    before = recorded(ana)
    with pytest.raises(Refused) as refused:
        people.set_status(ana, state, until=until)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert recorded(ana) == before


def test_an_end_is_a_time_or_a_length_not_both(ana: Workspace) -> None:
    with pytest.raises(Refused, match="not both"):
        people.set_status(ana, "away", until="17:00", length="2h")


def test_an_emoji_is_one_emoji_or_a_short_word(ana: Workspace) -> None:
    with pytest.raises(Refused, match="at most 16 characters"):
        people.set_status(ana, "away", emoji="a very long emoji indeed")


def test_scripts_get_the_status_as_set(ana: Workspace) -> None:
    done = people.focus(ana, "25m")
    data = done.json()
    assert (data["kind"], data["state"], data["until"]) == ("status", "focus", berlin(18, 10, 25))
    assert data["id"] == ana.replica.outbox()[-1].event.id


# -- hours and time off -------------------------------------------------------------


def test_ana_moves_to_a_four_day_week_and_hears_how_long_it_is(ana: Workspace) -> None:
    done = people.set_hours(ana, working="Mon-Thu 08:00-12:00,13:00-17:00", promise="1d")
    assert done.said == "Hours saved."
    assert done.fields["week"] == (
        "Mon,Tue,Wed,Thu 08:00-12:00; Mon,Tue,Wed,Thu 13:00-17:00"
        " · 32h a week · replies within 1 working day"
    )
    hours = ana.team().hours("m-ana")
    assert (len(hours.working), hours.promise) == (2, Window(1, "d"))


def test_changing_one_part_of_her_hours_keeps_the_others(ana: Workspace) -> None:
    people.set_hours(ana, focus="Tue,Thu 09:00-11:00", always_off="Mon-Fri 12:30-13:15")
    people.set_hours(ana, promise="4h")
    hours = ana.team().hours("m-ana")
    assert (hours.working, len(hours.focus), len(hours.always_off)) == (WORKDAYS, 1, 1)
    people.set_hours(ana, focus="")
    assert ana.team().hours("m-ana").focus == ()


def test_a_bad_rule_is_refused_naming_the_part_and_its_line(ana: Workspace) -> None:
    before = recorded(ana)
    with pytest.raises(Refused) as refused:
        people.set_hours(ana, working="Mon-Fri 09:00-17:00", focus="Tue 09:00-11:00\nMoonday 10-11")
    assert str(refused.value).startswith("focus blocks: line 2: not a weekday range: 'Moonday'")
    assert recorded(ana) == before


def test_a_single_rule_needs_no_line_number(ana: Workspace) -> None:
    with pytest.raises(Refused) as refused:
        people.set_hours(ana, working="Mon-Fri 9-17")
    assert str(refused.value) == "working hours: not a time of day: '9' (use HH:MM)"


def test_time_off_is_added_with_a_note_and_removed_by_its_first_day(ana: Workspace) -> None:
    people.set_hours(ana, add_time_off=["2026-12-24..2027-01-02"], note="Holidays")
    people.set_hours(ana, add_time_off=["2026-12-07"])
    assert ana.team().hours("m-ana").time_off == (
        TimeOff(date(2026, 12, 7), date(2026, 12, 7)),
        TimeOff(date(2026, 12, 24), date(2027, 1, 2), "Holidays"),
    )
    people.set_hours(ana, remove_time_off=["2026-12-24"])
    assert [t.first for t in ana.team().hours("m-ana").time_off] == [date(2026, 12, 7)]
    with pytest.raises(Refused, match="no time off starts on 2026-12-24"):
        people.set_hours(ana, remove_time_off=["2026-12-24"])


def test_time_off_that_ends_before_it_starts_is_refused(ana: Workspace) -> None:
    with pytest.raises(Refused, match="time off: time off must end on or after its first day"):
        people.set_hours(ana, add_time_off=["2026-12-24..2026-12-01"])


def test_the_hours_editor_hears_each_fields_error_where_it_was_typed() -> None:
    hours, errors = people.read_hours(
        Hours(),
        {
            "working": "Mon-Fri 09:00-17:00",
            "promise": "soon",
            "time_off": "2027-01-06 Epiphany\n2026-12-24..2026-12-01 Backwards",
        },
    )
    assert hours is None
    assert errors == {
        "promise": "not a reply window: 'soon' (try 8h, 90m or 2d)",
        "time_off": "line 2: time off must end on or after its first day",
    }


def test_the_hours_editor_reads_time_off_lines_sorted_with_their_notes() -> None:
    hours, _ = people.read_hours(
        Hours(), {"time_off": "2027-01-06 Epiphany\n\n2026-12-24..2027-01-02   Holidays\x1b[2J"}
    )
    assert hours is not None and hours.time_off == (
        TimeOff(date(2026, 12, 24), date(2027, 1, 2), "Holidays"),
        TimeOff(date(2027, 1, 6), date(2027, 1, 6), "Epiphany"),
    )


def test_with_no_working_hours_her_week_says_nobody_can_expect_a_reply() -> None:
    assert people.week_preview(Hours(working=()), BERLIN) == (
        "no working hours: no reply can be expected from you · replies within 8 working hours"
    )
