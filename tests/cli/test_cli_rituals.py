"""Check-ins, async meetings, decisions, action items and the digest, through the real
CLI, by people sharing a folder, with a fixed clock.

The team: Ana in Berlin, Bob in New York, Cy in Tokyo, Dan in Los Angeles and Eve
in London, everyone Mon-Fri 09:00-17:00 in their own time. On Monday 23 November
2026 Berlin is UTC+1, New York UTC-5, Tokyo UTC+9, Los Angeles UTC-8 and London
UTC+0, so a check-in at 09:30 local reaches Cy first (00:30 UTC), then Ana (08:30),
Eve (09:30), Bob (14:30) and Dan (17:30).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date

import cli_runner
import pytest
from cli_runner import Cli, one_line_error

from asynctui.core.events import occurrence_thread

SUNDAY_NOON_UTC = "2026-11-22T12:00Z"
"""13:00 in Berlin, 07:00 in New York, 21:00 in Tokyo, 04:00 in Los Angeles."""
MONDAY_1000_BERLIN = "2026-11-23T09:00Z"
MONDAY_1600_BERLIN = "2026-11-23T15:00Z"
MONDAY_1700_BERLIN = "2026-11-23T16:00Z"

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "ok \x1b]52;c;ZWNobyBoaQ==\x07 \x1b[2J\u202eevil\u202c end"

ANSWERS = ("--answer", "Shipped the pricing page", "--answer", "Tests", "--answer", "Nothing")


@pytest.fixture
def world(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Five people in five zones share a folder, with the #general channel init made."""
    monkeypatch.setitem(cli_runner.ZONES, "cy", ("Cy Tanaka", "Asia/Tokyo"))
    monkeypatch.setitem(cli_runner.ZONES, "dan", ("Dan Reyes", "America/Los_Angeles"))
    monkeypatch.setitem(cli_runner.ZONES, "eve", ("Eve Adams", "Europe/London"))
    for who in ("ana", "bob", "cy", "dan", "eve"):
        cli.init(who)
    return cli


def _short(out: str, after: str) -> str:
    """The short id printed right after ``after`` ("Created check-in a1b2c3 ...")."""
    found = re.search(re.escape(after) + r" (\w{6})\b", out)
    assert found, out
    return found.group(1)


def _standup(cli: Cli, *extra: str, now: str = SUNDAY_NOON_UTC) -> str:
    out = cli.ok(
        "ana", "checkin", "create", "Daily check-in", "--channel", "general",
        "--schedule", "weekdays 09:30", *extra, now=now,
    ).out  # fmt: skip
    return _short(out, "Created check-in")


def _assert_safe(text: str) -> None:
    assert UNSAFE.findall(text) == [], text


class _Terminal(io.StringIO):
    """Standard input as if a person typed these lines at a terminal."""

    def isatty(self) -> bool:
        return True


def _type(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal("".join(line + "\n" for line in lines)))


# -- check-ins: create --------------------------------------------------------------------


def test_a_weekday_check_in_reaches_bob_in_new_york_at_0930_his_time(world: Cli) -> None:
    world.ok("eve", "hours", "--add-time-off", "2026-11-23..2026-11-23", now=SUNDAY_NOON_UTC)
    out = world.ok(
        "ana", "checkin", "create", "Daily check-in", "--channel", "general",
        "--schedule", "weekdays 09:30", now=SUNDAY_NOON_UTC,
    ).out  # fmt: skip
    lines = out.splitlines()
    assert re.fullmatch(
        r'Created check-in \w{6} "Daily check-in" in #general: Mon-Fri 09:30 in each'
        r" member's own time; answers due within 4 working hours\.",
        lines[0],
    )
    assert lines[1] == "Questions: What did you finish? / What's next? / Anything blocking you?"
    assert lines[2:] == [
        "First question for each member:",
        "  @ana  tomorrow 09:30",
        "  @bob  tomorrow 15:30 (Mon 09:30 New York time)",
        "  @cy   tomorrow 01:30 (Mon 09:30 Tokyo time)",
        "  @dan  tomorrow 18:30 (Mon 09:30 Los Angeles time)",
        "  @eve  Tue 10:30 (Tue 09:30 London time)",
        "        (skipped Mon 23 Nov 2026: time off)",
    ]


def test_a_check_in_made_after_the_mornings_question_is_due_asks_it_from_tomorrow(
    world: Cli,
) -> None:
    # Monday 16:00 in Berlin: Ana's 09:30 question would have been due at 13:30, so
    # nobody in Berlin is overdue the moment it exists; Bob (10:00 in New York)
    # still has time to answer this morning's.
    short = _standup(world, now=MONDAY_1600_BERLIN)
    shown = world.ok("ana", "checkin", "show", short, now=MONDAY_1600_BERLIN).out
    assert "Overdue" not in shown
    assert "  @bob  due 19:30 · 3h 30m left" in shown
    assert "  @ana  before the check-in began" in shown
    assert (
        "you: next question tomorrow 09:30"
        in world.ok("ana", "checkin", "list", now=MONDAY_1600_BERLIN).out
    )
    world.ok("bob", "checkin", "answer", *ANSWERS, now=MONDAY_1600_BERLIN)
    result = world("ana", "checkin", "answer", *ANSWERS, now=MONDAY_1600_BERLIN)
    assert one_line_error(result) == (
        "asynctui: error: Daily check-in has not reached you yet:"
        " it first reaches you tomorrow 09:30"
    )


def test_a_check_in_asks_its_own_questions_of_the_people_named_within_the_window(
    world: Cli,
) -> None:
    created = world.ok(
        "ana", "checkin", "create", "Weekly", "--channel", "#general", "--schedule",
        "30 9 * * 1", "--question", "Wins?", "--question", "Risks?", "--member", "@bob",
        "--member", "@cy", "--within", "1d", "--json", now=SUNDAY_NOON_UTC,
    ).json()  # fmt: skip
    assert created["questions"] == ["Wins?", "Risks?"]
    assert created["schedule_words"] == "Mon 09:30"
    assert created["within"] == {"amount": 1, "unit": "d"}
    assert [f["handle"] for f in created["first"]] == ["bob", "cy"]
    assert [f["starts"] for f in created["first"]] == [
        "2026-11-23T14:30:00Z",
        "2026-11-23T00:30:00Z",
    ]
    (listed,) = world.ok("dan", "checkin", "list", "--json", now=SUNDAY_NOON_UTC).json()
    assert listed["id"] == created["id"] and listed["mine"] is None


def test_a_check_in_in_a_private_channel_asks_its_members_by_default(world: Cli) -> None:
    world.ok("ana", "channel", "create", "core", "--private", "--member", "@bob")
    out = world.ok(
        "ana", "checkin", "create", "Core sync", "--channel", "core", "--schedule",
        "Mondays 10:00", now=SUNDAY_NOON_UTC,
    ).out  # fmt: skip
    assert "@ana" in out and "@bob" in out and "@cy" not in out
    result = world(
        "ana", "checkin", "create", "Core sync", "--channel", "core", "--schedule",
        "Mondays 10:00", "--member", "@cy",
    )  # fmt: skip
    assert one_line_error(result) == "asynctui: error: @cy is not a member of the private #core"


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--schedule", "someday 09:30"], "--schedule: not a schedule: 'someday 09:30'"),
        (["--schedule", "day 30 of Feb 09:00"], "that schedule never happens"),
        (["--schedule", "weekdays 09:30", "--member", "@zed"], "no member @zed (team: @ana,"),
        (["--schedule", "weekdays 09:30", "--within", "soon"], "--within: not a reply window"),
        (["--schedule", "weekdays 09:30", "--question", "  "], "the question is empty"),
    ],
)
def test_a_check_in_with_bad_input_is_a_one_line_error(
    world: Cli, flags: list[str], said: str
) -> None:
    result = world("ana", "checkin", "create", "Daily", "--channel", "general", *flags)
    assert said in one_line_error(result)
    assert world.ok("ana", "checkin", "list", "--json").json() == []


def test_a_check_in_in_an_unknown_channel_is_a_one_line_error(world: Cli) -> None:
    result = world(
        "ana", "checkin", "create", "Daily", "--channel", "nope", "--schedule", "weekdays 09:30"
    )
    assert one_line_error(result) == (
        "asynctui: error: no channel #nope (channels: #general);"
        " create it with `asynctui channel create nope`"
    )


# -- check-ins: show, answer ------------------------------------------------------------------


@pytest.fixture
def monday(world: Cli) -> tuple[Cli, str]:
    """Monday 16:00 in Berlin: Ana answered at 10:00, Bob's question came at 15:30
    (09:30 New York), Cy's was due at 05:30 (13:30 Tokyo), Dan's comes at 18:30
    (09:30 Los Angeles), and Eve is on time off."""
    world.ok("eve", "hours", "--add-time-off", "2026-11-23..2026-11-23", "--note", "Lisbon",
             now=SUNDAY_NOON_UTC)  # fmt: skip
    short = _standup(world)
    world.ok("ana", "checkin", "answer", *ANSWERS, now=MONDAY_1000_BERLIN)
    return world, short


def test_a_days_answers_sit_side_by_side_with_who_is_late_skipped_and_not_reached(
    monday: tuple[Cli, str],
) -> None:
    cli, short = monday
    shown = cli.ok("ana", "checkin", "show", now=MONDAY_1600_BERLIN).out
    assert shown.splitlines()[:2] == [
        f"Daily check-in · Mon 23 Nov 2026 · #general · {short}",
        "Mon-Fri 09:30 in each member's own time; answers due within 4 working hours",
    ]
    assert "\nWhat did you finish?\n  @ana  Shipped the pricing page\n" in shown
    assert "\nAnything blocking you?\n  @ana  Nothing\n" in shown
    assert "\nAnswered (1)\n  @ana  10:00\n" in shown
    assert "\nNot answered yet (1)\n  @bob  due 19:30 · 3h 30m left\n" in shown
    assert "\nOverdue (1)\n  @cy  was due 05:30 · overdue 10h 30m\n" in shown
    assert "\nSkipped (1)\n  @eve  time off\n" in shown
    assert "\nNot reached yet (1)\n  @dan  at 18:30 (Mon 09:30 Los Angeles time)\n" in shown


def test_cy_answering_after_her_deadline_is_shown_late(monday: tuple[Cli, str]) -> None:
    cli, short = monday
    out = cli.ok("cy", "checkin", "answer", short, *ANSWERS, now=MONDAY_1600_BERLIN).out
    # The day is Cy's: it is already Tuesday 00:00 in Tokyo at 16:00 Berlin, yet her
    # latest question is Monday's.
    assert out == (
        "Answered Daily check-in of Mon 23 Nov 2026 (late: it was due Mon 13:30); 2 of 4 have"
        f" answered. See `asynctui checkin show {short}`.\n"
    )
    shown = cli.ok("bob", "checkin", "show", short, "--day", "2026-11-23",
                   now=MONDAY_1600_BERLIN).out  # fmt: skip
    assert "\nAnswered (2)\n  @ana  04:00\n  @cy   10:00 · late (due Sun 23:30)\n" in shown
    people = cli.ok("ana", "checkin", "show", short, "--json", now=MONDAY_1600_BERLIN).json()
    states = {p["handle"]: (p["state"], p["late"]) for p in people["people"]}
    assert states == {
        "ana": ("answered", False), "bob": ("pending", False), "cy": ("answered", True),
        "dan": ("upcoming", False), "eve": ("skipped", False),
    }  # fmt: skip
    assert people["day"] == "2026-11-23"
    assert people["thread"] == occurrence_thread(people["checkin"]["id"], date(2026, 11, 23))


def test_with_one_pending_check_in_bob_answers_without_naming_it(
    monday: tuple[Cli, str],
) -> None:
    cli, short = monday
    (waiting,) = cli.ok("bob", "checkin", "list", "--json", now=MONDAY_1600_BERLIN).json()
    assert waiting["mine"] == "pending"
    assert (
        "you: answer due 13:30 · 3h 30m left"
        in cli.ok("bob", "checkin", "list", now=MONDAY_1600_BERLIN).out
    )
    cli.ok("bob", "checkin", "answer", *ANSWERS, now=MONDAY_1600_BERLIN)
    thread = cli.ok("ana", "threads", "--json", now=MONDAY_1700_BERLIN).json()[0]
    assert thread["title"] == "Daily check-in · Mon 23 Nov 2026" and thread["messages"] == 2


def test_at_a_terminal_each_question_is_asked_in_turn(
    monday: tuple[Cli, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, short = monday
    _type(monkeypatch, "Reviewed the API", "", "Pricing", "Waiting on legal")
    out = cli.ok("bob", "checkin", "answer", short, now=MONDAY_1600_BERLIN).out
    # An empty line asks the question again.
    prompts = "What did you finish?\n> What's next?\n> What's next?\n> Anything blocking you?\n> "
    assert out.startswith(prompts)
    shown = cli.ok("ana", "checkin", "show", short, now=MONDAY_1600_BERLIN).out
    assert "  @bob  Waiting on legal\n" in shown


@pytest.mark.parametrize(
    ("who", "flags", "said"),
    [
        ("ana", [*ANSWERS], "you already answered Daily check-in of Mon 23 Nov 2026 (10:00)"),
        ("bob", ["--answer", "Only one"], "1 answer(s) for 3 question(s): give one per question"),
        ("bob", [], "give one --answer per question, in order (3: What did you finish?"),
        ("bob", ["--day", "monday", *ANSWERS], "--day: not a date: 'monday' (use YYYY-MM-DD"),
        ("bob", ["--day", "2026-11-28", *ANSWERS], "does not happen on Sat 28 Nov 2026"),
        ("bob", ["--day", "2026-11-24", *ANSWERS],
         "Daily check-in of Tue 24 Nov 2026 has not reached you yet: it reaches you tomorrow"
         " 09:30 (in 23h 30m)"),
        ("dan", [*ANSWERS], "has not reached you yet: it first reaches you 09:30"),
        ("bob", ["--answer", " ", "--answer", " ", "--answer", " "], "write at least one answer"),
    ],
)  # fmt: skip
def test_answers_that_cannot_be_taken_are_refused_in_one_line(
    monday: tuple[Cli, str], who: str, flags: list[str], said: str
) -> None:
    cli, short = monday
    result = cli(who, "checkin", "answer", short, *flags, now=MONDAY_1600_BERLIN)
    assert said in one_line_error(result)


def test_an_unknown_check_in_is_a_one_line_error(monday: tuple[Cli, str]) -> None:
    cli, _ = monday
    line = one_line_error(cli("ana", "checkin", "show", "zzzzzz"))
    assert line == "asynctui: error: no check-in 'zzzzzz' (see `asynctui checkin list`)"
    assert "no check-in" in one_line_error(cli("ana", "checkin", "answer", "Weekly", *ANSWERS))


def test_a_check_in_is_found_by_its_title_and_by_its_short_id(monday: tuple[Cli, str]) -> None:
    cli, short = monday
    by_title = cli.ok("ana", "checkin", "show", "daily CHECK-in", "--json").json()
    by_id = cli.ok("ana", "checkin", "show", short.upper(), "--json").json()
    assert by_title["checkin"]["id"] == by_id["checkin"]["id"]


def test_before_anyone_is_asked_show_says_when_each_question_comes(world: Cli) -> None:
    short = _standup(world)
    shown = world.ok("ana", "checkin", "show", short, now=SUNDAY_NOON_UTC).out
    assert shown.startswith("Daily check-in · Mon 23 Nov 2026")
    assert "Not reached yet (5)\n" in shown
    assert "  @bob  at tomorrow 15:30 (Mon 09:30 New York time)" in shown


def test_only_its_creator_stops_a_check_in_and_then_it_takes_no_answers(
    monday: tuple[Cli, str],
) -> None:
    cli, short = monday
    line = one_line_error(cli("bob", "checkin", "stop", short))
    assert line == "asynctui: error: only @ana, who created Daily check-in, can stop it"
    out = cli.ok("ana", "checkin", "stop", "Daily check-in", now=MONDAY_1600_BERLIN).out
    assert out == f"Stopped check-in {short} (Daily check-in): it asks nobody any more.\n"
    assert "stopped" in cli.ok("bob", "checkin", "list", now=MONDAY_1600_BERLIN).out
    result = cli("bob", "checkin", "answer", short, *ANSWERS, now=MONDAY_1600_BERLIN)
    assert "was stopped" in one_line_error(result)
    assert "already stopped" in one_line_error(cli("ana", "checkin", "stop", short))


def test_hostile_check_in_text_is_shown_clean(world: Cli) -> None:
    created = world.ok(
        "ana", "checkin", "create", "Daily " + HOSTILE, "--channel", "general",
        "--schedule", "weekdays 09:30", "--question", "Done? " + HOSTILE, now=SUNDAY_NOON_UTC,
    ).out  # fmt: skip
    _assert_safe(created)
    world.ok("bob", "checkin", "answer", "--answer", "line one\n" + HOSTILE,
             now=MONDAY_1600_BERLIN)  # fmt: skip
    shown = world.ok("ana", "checkin", "show", now=MONDAY_1600_BERLIN).out
    _assert_safe(shown)
    assert "  @bob  line one\n        ok" in shown
    _assert_safe(world.ok("ana", "checkin", "list", now=MONDAY_1600_BERLIN).out)


# -- async meetings ---------------------------------------------------------------------


def test_meeting_advice_follows_the_answers_given_as_flags(world: Cli) -> None:
    out = world.ok("ana", "meeting", "advise").out
    assert out.startswith("Run it async.\n  Input is needed, but nothing is urgent")
    assert world.ok("ana", "meeting", "advise", "--urgent").out.startswith("Have a short call.")
    out = world.ok("ana", "meeting", "advise", "--urgent", "--zones").out
    assert out.startswith("Call whoever is working now.")
    assert world.ok("ana", "meeting", "advise", "--no-input").out.startswith("Write an update.")
    advice = world.ok("ana", "meeting", "advise", "--sensitive", "--json").json()
    assert advice["advice"]["kind"] == "call" and advice["situation"]["sensitive"] is True


def _roadmap(cli: Cli, *extra: str) -> str:
    out = cli.ok(
        "ana", "meeting", "create", "Q1 roadmap", "--channel", "general",
        "--goal", "Agree the Q1 themes", "--item", "Themes", "--item", "Hiring",
        "--with", "@bob", "--with", "@cy", *extra,
    ).out  # fmt: skip
    return _short(out, "Opened meeting")


def test_a_meeting_from_create_to_close_with_decisions_and_follow_up_actions(
    world: Cli,
) -> None:
    cli = world
    # Friday 16:00 in Berlin, 10:00 in New York, Saturday 00:00 in Tokyo.
    created = cli.ok(
        "ana", "meeting", "create", "Q1 roadmap", "--channel", "general",
        "--goal", "Agree the Q1 themes", "--item", "Themes", "--item", "Hiring",
        "--with", "@bob", "--with", "@cy", "--within", "2d",
    ).out  # fmt: skip
    short = _short(created, "Opened meeting")
    assert created.splitlines()[:2] == [
        "Run it async.",
        "  Input is needed, but nothing is urgent and no live talk is needed: write an"
        " agenda, set a deadline, and let people answer in their own working hours.",
    ]
    assert created.splitlines()[3] == (
        f'Opened meeting {short} "Q1 roadmap" in #general: 2 agenda items, 3 participants.'
    )
    # Two working days on each one's calendar: Bob's run from Friday 10:00 New York,
    # Cy's from Monday 09:00 Tokyo.
    assert created.splitlines()[-4:] == [
        "Contributions are due within 2 working days, counted on each participant's calendar:",
        "  @ana  due Tue 16:00 · 4d left",
        "  @bob  due Tue 16:00 (Tue 10:00 New York time) · 4d left",
        "  @cy   due Tue 09:00 (Tue 17:00 Tokyo time) · 3d 17h left",
    ]

    out = cli.ok("bob", "meeting", "contribute", short, "--item", "1", "Speed", "first").out
    assert out.startswith('Contributed to item 1 (Themes) of "Q1 roadmap", message ')
    assert out.endswith("Still expected of you: 2. Hiring.\n")
    out = cli.ok("bob", "meeting", "contribute", short, "--item", "2", "Two engineers").out
    assert out.endswith("That was your last item: nothing more is expected of you.\n")
    cli.ok("ana", "meeting", "contribute", "Q1 roadmap", "--item", "1", "Docs too")

    shown = cli.ok("ana", "meeting", "show", short).out
    assert shown.startswith(f"Q1 roadmap  #general · open · {short}\n")
    assert "Goal:\n  Agree the Q1 themes\n" in shown
    assert re.search(r"  1\. Themes\n     @bob · 16:00 · \w{6}: Speed first\n"
                     r"     @ana · 16:00 · \w{6}: Docs too\n", shown)  # fmt: skip
    assert "  2. Hiring\n     @bob · 16:00 · " in shown
    assert "  @ana  gave item 1, missing item 2  due Tue 16:00 · 4d left\n" in shown
    assert "  @bob  all items given\n" in shown
    assert "  @cy   missing items 1, 2           due Tue 09:00 · 3d 17h left\n" in shown
    assert "\nStill expected of you: 2. Hiring, due Tue 16:00 (4d left)\n" in shown
    assert "You own it: 2 participant(s) still to contribute." in shown
    bobs = cli.ok("bob", "meeting", "show", short).out
    assert "Nothing more is expected of you: every item has your contribution." in bobs
    listed = cli.ok("cy", "meeting", "list").out
    assert "1 of 3 contributed  you: items 1, 2 to give, due Tue 17:00 · 3d 17h left" in listed

    closed = cli.ok(
        "ana", "meeting", "close", short, "--outcome", "Speed first, then hiring",
        "--decision", "Q1 theme is speed", "--decision", "Hire two engineers",
        "--action", "Write the speed plan", "--owner", "@bob", "--within", "4h",
        "--action", "Open two job posts", "--owner", "@ana", "--due", "mon 12:00",
    ).out  # fmt: skip
    lines = closed.splitlines()
    assert lines[:6] == [
        f'Closed meeting {short} "Q1 roadmap".',
        "Outcome:",
        "  Speed first, then hiring",
        "Decisions (2):",
        "  - Q1 theme is speed",
        "  - Hire two engineers",
    ]
    assert lines[6] == "Did not contribute to every item: @ana (item 2), @cy (items 1, 2)"
    # Bob's 4 working hours run from Friday 10:00 New York to 14:00 there.
    assert lines[7] == "Follow-up: 2 open action item(s)"
    assert re.fullmatch(r"  \w{6}  Write the speed plan  @bob  due 20:00 · 4h left", lines[8])
    assert re.fullmatch(r"  \w{6}  Open two job posts    @ana  due Mon 12:00 · 2d 20h left",
                        lines[9])  # fmt: skip

    decisions = cli.ok("bob", "decisions").out  # in Bob's zone: 10:00 New York
    assert f"10:00  #general  Q1 roadmap ({short})  by @ana\n  Q1 theme is speed\n" in decisions
    assert "  Hire two engineers\n" in decisions
    mine = cli.ok("bob", "action", "list", "--json").json()
    assert [(a["text"], a["due"]) for a in mine] == [
        ("Write the speed plan", "2026-11-20T19:00:00Z")
    ]
    after = cli.ok("ana", "meeting", "show", short, "--json").json()
    assert after["meeting"]["outcome"] == "Speed first, then hiring"
    assert sorted(d["text"] for d in after["decisions"]) == [
        "Hire two engineers", "Q1 theme is speed",
    ]  # fmt: skip
    assert {p["handle"]: p["missing"] for p in after["participation"]} == {
        "ana": [2], "bob": [], "cy": [1, 2],
    }  # fmt: skip
    shown = cli.ok("cy", "meeting", "show", short).out
    assert "· closed 00:00 ·" in shown and "  @cy   did not give items 1, 2" in shown
    assert "Still expected" not in shown
    assert "closed" in one_line_error(cli("cy", "meeting", "contribute", short, "--item", "1", "x"))


def test_a_meeting_with_a_fixed_deadline_shows_it_in_each_zone(world: Cli) -> None:
    out = world.ok(
        "ana", "meeting", "create", "Launch date", "--channel", "general", "--goal", "Pick it",
        "--item", "Date", "--with", "@bob", "--deadline", "2026-12-04 17:00",
    ).out  # fmt: skip
    assert "  @bob  due Fri 4 Dec 17:00 (Fri 4 Dec 11:00 New York time) · 14d 1h left" in out
    short = _short(out, "Opened meeting")
    # With one agenda item, --item may be left out.
    world.ok("bob", "meeting", "contribute", short, "Dec 1")
    shown = world.ok("ana", "meeting", "show", short).out
    assert "contributions due by the deadline (Fri 4 Dec 17:00)" in shown


def test_at_a_terminal_the_async_questions_come_before_a_meeting_is_made(
    world: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Input needed, not urgent, no live talk, across zones, not sensitive; then go on.
    _type(monkeypatch, "y", "n", "n", "y", "", "")
    out = world.ok(
        "ana", "meeting", "create", "Q1 roadmap", "--channel", "general", "--goal", "Themes",
        "--item", "Themes", "--with", "@cy", "--within", "2d",
    ).out  # fmt: skip
    assert out.startswith("Should this be async? A few questions first.\n")
    assert "Do the people span time zones with little shared working time? [y/N] " in out
    assert "Run it async.\n" in out and "Create the async meeting? [Y/n] " in out
    assert "Opened meeting" in out
    # It is sensitive: a call is advised, and going on is not the default.
    _type(monkeypatch, "y", "n", "n", "n", "y", "")
    out = world.ok(
        "ana", "meeting", "create", "Feedback", "--channel", "general", "--goal", "Talk",
        "--item", "How it went", "--with", "@bob", "--within", "1d",
    ).out  # fmt: skip
    assert "Have a short call.\n" in out and "Create the async meeting? [y/N] " in out
    assert out.endswith("Nothing was created.\n")
    assert [m["meeting"]["title"] for m in world.ok("ana", "meeting", "list", "--json").json()] == [
        "Q1 roadmap"
    ]


def test_yes_skips_the_questions_at_a_terminal(world: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _type(monkeypatch)
    out = world.ok(
        "ana", "meeting", "create", "Sync", "--channel", "general", "--goal", "Plan",
        "--item", "Plan", "--within", "1d", "--yes", "--live",
    ).out  # fmt: skip
    assert out.startswith("Have a short call.\n") and "Opened meeting" in out


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--channel", "nope", "--within", "2d"], "no channel #nope"),
        (["--within", "soon"], "--within: not a reply window: 'soon'"),
        (["--deadline", "2026-11-19 17:00"], "--deadline: '2026-11-19 17:00' has already passed"),
        (["--deadline", "whenever"], "--deadline: not a time: 'whenever'"),
        (["--within", "2d", "--with", "@zed"], "no member @zed"),
        (["--within", "2d", "--goal", " "], "the goal is empty"),
    ],
)
def test_a_meeting_with_bad_input_is_a_one_line_error(
    world: Cli, flags: list[str], said: str
) -> None:
    given = dict(zip(flags[::2], flags[1::2], strict=True))
    options = {"--channel": "general", "--goal": "Agree", **given}
    argv = [x for pair in options.items() for x in pair]
    result = world("ana", "meeting", "create", "Q1", "--item", "A", *argv)
    assert said in one_line_error(result)
    assert world.ok("ana", "meeting", "list", "--json").json() == []


def test_a_meeting_needs_a_deadline_or_a_window(world: Cli) -> None:
    result = world("ana", "meeting", "create", "Q1", "--channel", "general", "--goal", "G",
                   "--item", "A")  # fmt: skip
    assert result.code == 2 and "--deadline" in one_line_error(result)
    result = world("ana", "meeting", "create", "Q1", "--channel", "general", "--goal", "G",
                   "--within", "2d")  # fmt: skip
    assert "give the agenda: one item at least" in one_line_error(result)


def test_contributions_and_closing_refuse_what_does_not_fit(world: Cli) -> None:
    short = _roadmap(world, "--within", "2d")
    line = one_line_error(world("bob", "meeting", "contribute", short, "--item", "3", "Hi"))
    assert line == 'asynctui: error: no agenda item 3: "Q1 roadmap" has 2 items (1 to 2)'
    assert "no agenda item 0" in one_line_error(
        world("bob", "meeting", "contribute", short, "--item", "0", "Hi")
    )
    assert "--item: not a number: 'two'" in one_line_error(
        world("bob", "meeting", "contribute", short, "--item", "two", "Hi")
    )
    assert "--item: say which agenda item: 1 to 2" in one_line_error(
        world("bob", "meeting", "contribute", short, "Hi")
    )
    assert one_line_error(world("bob", "meeting", "show", "zzzzzz")) == (
        "asynctui: error: no meeting 'zzzzzz' (see `asynctui meeting list`)"
    )
    line = one_line_error(world("bob", "meeting", "close", short))
    assert line == 'asynctui: error: only @ana, who opened "Q1 roadmap", can close it'
    assert "--owner belongs to an --action" in one_line_error(
        world("ana", "meeting", "close", short, "--owner", "@bob")
    )
    assert "needs an --owner @someone after it" in one_line_error(
        world("ana", "meeting", "close", short, "--action", "Do it")
    )
    assert "no member @zed" in one_line_error(
        world("ana", "meeting", "close", short, "--action", "Do it", "--owner", "@zed")
    )
    assert world.ok("ana", "meeting", "list", "--json").json()[0]["meeting"]["closed_at"] is None
    world.ok("ana", "meeting", "close", short)
    assert "is already closed" in one_line_error(world("ana", "meeting", "close", short))


def test_hostile_meeting_text_is_shown_clean(world: Cli) -> None:
    short = _roadmap(world, "--within", "2d")
    world.ok("bob", "meeting", "contribute", short, "--item", "1", HOSTILE)
    world.ok("bob", "decide", short, HOSTILE)
    world.ok("bob", "action", "add", short, HOSTILE, "--owner", "@ana")
    for argv in (("meeting", "show", short), ("meeting", "list"), ("decisions",),
                 ("action", "list"), ("digest",)):  # fmt: skip
        out = world.ok("ana", *argv).out
        _assert_safe(out)
    assert "ok" in world.ok("ana", "meeting", "show", short).out


# -- decisions and action items ------------------------------------------------------------


def _thread(cli: Cli, title: str = "Pricing", body: str = "Flat or tiered?") -> str:
    out = cli.ok("ana", "post", "#general", title, body).out
    return out.split()[1]


def test_a_message_marked_a_decision_is_in_the_channels_decision_log(world: Cli) -> None:
    thread = _thread(world)
    replied = world.ok("bob", "reply", thread, "Two tiers: free and team").out
    message = replied.rstrip().rstrip(".").split()[-1]
    out = world.ok("ana", "decide", thread, "--message", message, "--by", "@bob",
                   "--by", "@ana").out  # fmt: skip
    assert re.fullmatch(
        rf"Recorded decision \w{{6}} in {thread} \(Pricing\), decided by @bob, @ana\.\n"
        r"  Two tiers: free and team\n",
        out,
    )
    world.ok("ana", "channel", "create", "ops")
    ops = world.ok("ana", "post", "#ops", "On-call", "Who?").out.split()[1]
    world.ok("cy", "decide", ops, "Cy", "takes", "December", now=MONDAY_1000_BERLIN)
    log = world.ok("dan", "decisions", now=MONDAY_1000_BERLIN).out
    assert log.index("Cy takes December") < log.index("Two tiers")  # newest first
    general = world.ok("dan", "decisions", "--channel", "general", "--json").json()
    assert [(d["text"], d["thread_title"]) for d in general] == [
        ("Two tiers: free and team", "Pricing")
    ]
    assert general[0]["messages"][0].lower().endswith(message)


def test_decisions_refuse_unknown_threads_messages_and_people(world: Cli) -> None:
    thread = _thread(world)
    other = _thread(world, "Other", "Elsewhere")
    first = world.ok("ana", "show", other, "--json").json()["messages"][0]["id"]
    assert "no thread 'zzzzzz'" in one_line_error(world("ana", "decide", "zzzzzz", "Yes"))
    assert "no message" in one_line_error(
        world("ana", "decide", thread, "Yes", "--message", first[-6:])
    )
    assert "no member @zed" in one_line_error(world("ana", "decide", thread, "Yes", "--by", "@zed"))
    assert "say what was decided" in one_line_error(world("ana", "decide", thread))
    assert "no channel #nope" in one_line_error(world("ana", "decisions", "--channel", "nope"))
    assert world.ok("ana", "decisions").out == "No decisions recorded yet.\n"


def test_an_action_items_window_is_counted_on_its_owners_calendar(world: Cli) -> None:
    thread = _thread(world)
    # Friday 16:00 in Berlin is 10:00 in New York: 4 of Bob's hours end at 14:00 his
    # time, 20:00 Berlin; 4 of Ana's would end on Monday at 12:00.
    out = world.ok("ana", "action", "add", thread, "Price", "the", "tiers", "--owner", "@bob",
                   "--within", "4h").out  # fmt: skip
    assert re.fullmatch(
        rf"Added action item \w{{6}} for @bob in {thread} \(Pricing\): Price the tiers"
        r" · due 20:00 \(Fri 14:00 New York time\) · 4h left\n",
        out,
    )
    mine = world.ok("ana", "action", "add", thread, "Write it up", "--owner", "@ana",
                    "--within", "4h", "--json").json()  # fmt: skip
    assert mine["due"] == "2026-11-23T11:00:00Z"


def test_action_items_by_owner_due_badges_done_and_undone(world: Cli) -> None:
    thread = _thread(world)
    first = world.ok("ana", "show", thread, "--json").json()["messages"][0]["id"]
    late = _short(world.ok("ana", "action", "add", thread, "Draft the page", "--owner", "@bob",
                           "--due", "fri 17:00", "--message", first[-6:]).out,
                  "Added action item")  # fmt: skip
    later = _short(world.ok("ana", "action", "add", thread, "Ship it", "--owner", "@bob",
                            "--due", "2026-11-27").out, "Added action item")  # fmt: skip
    world.ok("ana", "action", "add", thread, "Tell sales", "--owner", "@ana")

    listed = world.ok("bob", "action", "list").out.splitlines()
    # In Bob's zone: Ana's "fri 17:00" is 11:00 in New York; a day alone is the end of
    # Bob's own working day, 17:00 New York.
    assert listed == [
        f"  {late}  Draft the page  @bob  due 11:00 · 1h left{' ' * 16}in Pricing ({thread})",
        f"  {later}  Ship it         @bob  due Fri 27 Nov 17:00 · 7d 7h left"
        f"  in Pricing ({thread})",
    ]
    assert [a["text"] for a in world.ok("bob", "action", "list", "--mine", "--json").json()] == [
        "Draft the page", "Ship it",
    ]  # fmt: skip
    everyone = world.ok("ana", "action", "list", "--all", "--json").json()
    assert [a["text"] for a in everyone] == ["Draft the page", "Ship it", "Tell sales"]
    assert everyone[0]["message"] == first

    # Monday 10:00 in Berlin: Friday 17:00 has passed.
    overdue = world.ok("ana", "action", "list", "--overdue", now=MONDAY_1000_BERLIN).out
    assert overdue.startswith(f"!  {late}  Draft the page  @bob  due Fri 17:00 · overdue 2d 17h")
    assert world.ok("ana", "action", "list", "--done").out == "No action item is done yet.\n"

    out = world.ok("bob", "action", "done", late, now=MONDAY_1000_BERLIN).out
    assert out == f"Done: {late} Draft the page (@bob)\n"
    assert world.ok("bob", "action", "done", late, now=MONDAY_1000_BERLIN).out == (
        f"Action item {late} is already done: Draft the page\n"
    )
    done = world.ok("ana", "action", "list", "--done", now=MONDAY_1000_BERLIN).out
    assert done.startswith(f"✓  {late}  Draft the page  @bob  done 10:00")
    assert world.ok("ana", "action", "list", "--overdue", now=MONDAY_1000_BERLIN).out == (
        "No action item is overdue.\n"
    )
    out = world.ok("ana", "action", "undo", late.upper(), now=MONDAY_1000_BERLIN).out
    assert out == f"Open again: {late} Draft the page (@bob, due Fri 17:00 · overdue 2d 17h)\n"
    assert world.ok("cy", "action", "list").out == "You have no open action items.\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["action", "done", "zzzzzz"], "no action item 'zzzzzz' (see `asynctui action list"),
        (["action", "undo", "zz"], "no action item 'zz'"),
        (["action", "add", "zzzzzz", "Do", "--owner", "@bob"], "no thread 'zzzzzz'"),
        (["action", "add", "THREAD", "Do", "--owner", "@zed"], "no member @zed"),
        (["action", "add", "THREAD", "Do", "--owner", "@bob", "--due", "2026-11-19"],
         "--due: '2026-11-19' has already passed (Thu 23:00)"),
        (["action", "add", "THREAD", "Do", "--owner", "@bob", "--due", "someday"],
         "--due: not a time: 'someday'"),
        (["action", "add", "THREAD", "Do", "--owner", "@bob", "--within", "0h"],
         "--within: a reply window must be longer than zero"),
        (["action", "add", "THREAD", "Do", "--owner", "@bob", "--message", "qqqqqq"],
         "no message 'qqqqqq' in this thread"),
    ],
)  # fmt: skip
def test_action_items_with_bad_input_are_one_line_errors(
    world: Cli, argv: list[str], said: str
) -> None:
    thread = _thread(world)
    argv = [thread if a == "THREAD" else a for a in argv]
    assert said in one_line_error(world("ana", *argv))
    assert world.ok("ana", "action", "list", "--all", "--json").json() == []


def test_both_due_and_within_is_a_usage_error(world: Cli) -> None:
    thread = _thread(world)
    result = world("ana", "action", "add", thread, "Do", "--owner", "@bob", "--due", "17:00",
                   "--within", "2h")  # fmt: skip
    assert result.code == 2 and "not allowed with argument" in one_line_error(result)


# -- the digest -----------------------------------------------------------------------------


def _busy_monday(cli: Cli) -> None:
    """Over the weekend and on Monday, things happen that Ana should hear about."""
    short = _standup(cli)
    thread = _thread(cli)
    cli.ok("bob", "reply", thread, "Tiers please", now=MONDAY_1000_BERLIN)
    cli.ok("bob", "ask", thread, "@ana", "--within", "2h", now=MONDAY_1000_BERLIN)
    cli.ok("bob", "decide", thread, "Two tiers", now=MONDAY_1000_BERLIN)
    cli.ok("bob", "action", "add", thread, "Draft the page", "--owner", "@ana", "--due",
           "mon 17:00", now=MONDAY_1000_BERLIN)  # fmt: skip
    cli.ok("cy", "checkin", "answer", short, *ANSWERS, now=MONDAY_1000_BERLIN)


def test_the_digest_tells_ana_what_happened_since_she_was_last_here(world: Cli) -> None:
    world.ok("ana", "digest", now=SUNDAY_NOON_UTC)  # sets the mark
    _busy_monday(world)
    text = world.ok("ana", "digest", now=MONDAY_1000_BERLIN).out
    titles = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert titles == [
        "Digest for @ana since Sun 13:00 (Europe/Berlin)",
        "What you owe (3)",
        "Check-ins",
        "Decisions (1)",
        "New action items (1)",
        "Threads with new replies",
    ]
    assert '  2h left, due 12:00: @bob asked in "Pricing"' in text
    assert "  3h 30m left, due 13:30: your answer to Daily check-in, Mon 23 Nov" in text
    assert '  13h left, due 23:00: action item Draft the page (from @bob) in "Pricing"' in text
    assert "  Daily check-in, Mon 23 Nov: 1 new answer, 1 of 5 answered" in text
    assert '  Two tiers (@bob, 10:00) in "Pricing"' in text
    # Bob gave it "mon 17:00" in his zone: 17:00 in New York.
    assert '  Draft the page (you, 13h left, due 23:00) in "Pricing"' in text
    # The mark moved: the next digest starts at 10:00.
    again = world.ok("ana", "digest", now=MONDAY_1600_BERLIN).out
    assert again.splitlines()[0] == "Digest for @ana since 10:00 (Europe/Berlin)"
    assert "Decisions" not in again
    assert '  overdue 4h, due 12:00: @bob asked in "Pricing"' in again


def test_a_markdown_digest_for_mail_and_a_look_back_that_keeps_the_mark(world: Cli) -> None:
    _busy_monday(world)
    markdown = world.ok("ana", "digest", "--since", "24h", "--markdown",
                        now=MONDAY_1000_BERLIN).out  # fmt: skip
    assert markdown.startswith("# Digest for @ana since Sun 10:00 (Europe/Berlin)\n\n")
    assert '\n## Decisions (1)\n\n- Two tiers (@bob, 10:00) in "Pricing"\n' in markdown
    assert "\n## New action items (1)\n\n- Draft the page" in markdown
    # --since did not move the mark: without it, the first digest looks back 24 hours.
    text = world.ok("ana", "digest", now=MONDAY_1000_BERLIN).out
    assert text.startswith("Digest for @ana since Sun 10:00 (Europe/Berlin)\n")
    report = world.ok("ana", "digest", "--since", "monday", "--json",
                      now=MONDAY_1000_BERLIN).json()  # fmt: skip
    assert report["since"] == "2026-11-22T23:00:00Z"
    assert [d["text"] for d in report["decisions"]] == ["Two tiers"]
    again = world.ok("ana", "digest", now=MONDAY_1000_BERLIN).out
    assert again.startswith("Digest for @ana since 10:00 (Europe/Berlin)\n")
    # What is still owed stays in every digest; what was news is not news again.
    assert "What you owe (3)" in again and "Decisions" not in again


@pytest.mark.parametrize(
    ("since", "said"),
    [
        ("soonish", "--since: not a time: 'soonish'"),
        ("2026-12-01", "--since: '2026-12-01' is in the future"),
    ],
)
def test_a_bad_since_is_a_one_line_error(world: Cli, since: str, said: str) -> None:
    assert said in one_line_error(world("ana", "digest", "--since", since))


@pytest.mark.parametrize(
    ("since", "start"),
    [
        ("2d", "2026-11-18T15:00:00Z"),
        ("yesterday", "2026-11-18T23:00:00Z"),
        ("09:00", "2026-11-20T08:00:00Z"),
        ("17:00", "2026-11-19T16:00:00Z"),
        ("2026-11-16", "2026-11-15T23:00:00Z"),
        ("2026-11-20T10:00+01:00", "2026-11-20T09:00:00Z"),
    ],
)
def test_since_reads_past_times_in_my_zone(world: Cli, since: str, start: str) -> None:
    assert world.ok("ana", "digest", "--since", since, "--json").json()["since"] == start


# -- JSON for scripts ------------------------------------------------------------------------


def test_every_ritual_command_speaks_json_for_scripts(world: Cli) -> None:
    checkin = world.ok(
        "ana", "checkin", "create", "Daily", "--channel", "general", "--schedule",
        "weekdays 09:30", "--json", now=SUNDAY_NOON_UTC,
    ).json()["id"]  # fmt: skip
    answered = world.ok("bob", "checkin", "answer", *ANSWERS, "--json",
                        now=MONDAY_1600_BERLIN).json()  # fmt: skip
    assert answered["day"] == "2026-11-23" and answered["answers"][2] == "Nothing"
    assert answered["thread"] == occurrence_thread(checkin, date(2026, 11, 23))
    stopped = world.ok("ana", "checkin", "stop", checkin, "--json", now=MONDAY_1600_BERLIN).json()
    assert stopped["stopped"] is True

    made = world.ok(
        "ana", "meeting", "create", "Q1", "--channel", "general", "--goal", "Agree",
        "--item", "Themes", "--with", "@bob", "--within", "2d", "--json",
    ).json()  # fmt: skip
    assert made["advice"]["kind"] == "async"
    thread = made["meeting"]["thread"]
    assert [p["due"] for p in made["participation"]] == ["2026-11-24T15:00:00Z"] * 2
    given = world.ok("bob", "meeting", "contribute", thread[-6:], "Speed", "--json").json()
    assert (given["meeting"], given["item"], given["missing"]) == (thread, 1, [])
    decided = world.ok("bob", "decide", thread[-6:], "Speed", "first", "--json").json()
    assert decided["text"] == "Speed first" and decided["thread"] == thread
    closed = world.ok(
        "ana", "meeting", "close", thread[-6:], "--outcome", "Speed", "--action", "Plan",
        "--owner", "@bob", "--due", "mon 12:00", "--json",
    ).json()  # fmt: skip
    assert closed["meeting"]["closed_at"] == "2026-11-20T15:00:00Z"
    (follow_up,) = closed["follow_up"]
    assert (follow_up["text"], follow_up["due"]) == ("Plan", "2026-11-23T11:00:00Z")
    done = world.ok("bob", "action", "done", follow_up["id"][-6:], "--json").json()
    assert done["done"] is True and done["urgency"] == "answered"
    (listed,) = world.ok("bob", "meeting", "list", "--json").json()
    assert listed["meeting"]["outcome"] == "Speed"


def test_every_ritual_write_prints_the_new_object_with_its_full_and_short_id(world: Cli) -> None:
    made = world.ok(
        "ana", "checkin", "create", "Daily", "--channel", "general", "--schedule",
        "weekdays 09:30", "--json", now=SUNDAY_NOON_UTC,
    ).json()  # fmt: skip
    assert (made["kind"], made["short"]) == ("checkin", made["id"][-6:].lower())
    answered = world.ok("bob", "checkin", "answer", *ANSWERS, "--json",
                        now=MONDAY_1600_BERLIN).json()  # fmt: skip
    assert (answered["kind"], answered["id"]) == ("answer", answered["message"])
    meeting = world.ok(
        "ana", "meeting", "create", "Q1", "--channel", "general", "--goal", "Agree",
        "--item", "Themes", "--within", "2d", "--json",
    ).json()  # fmt: skip
    assert (meeting["kind"], meeting["id"]) == ("meeting", meeting["meeting"]["thread"])
    added = world.ok("ana", "action", "add", meeting["short"], "Plan", "--owner", "@bob",
                     "--due", "fri", "--json").json()  # fmt: skip
    assert (added["kind"], added["thread"], added["text"]) == ("action", meeting["id"], "Plan")
    # Friday's end for Bob: 17:00 New York.
    assert added["due"] == "2026-11-20T22:00:00Z"
    world.ok("bob", "action", "done", added["short"])
    undone = world.ok("bob", "action", "undo", added["short"], "--json").json()
    assert (undone["id"], undone["done"], len(undone["events"])) == (added["id"], False, 1)
    decided = world.ok("ana", "decide", meeting["short"], "Speed", "--json").json()
    assert decided["kind"] == "decision" and decided["short"] == decided["id"][-6:].lower()


def test_the_rituals_modules_are_loaded_only_by_their_own_commands() -> None:
    code = (
        "import json, sys\n"
        "from asynctui.cli.parser import build\n"
        "build().parse_args(['threads'])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    loaded = set(json.loads(out.stdout))
    # Their grammar is known to every command; their rules are not.
    rituals = {
        "asynctui.client.commands.checkins",
        "asynctui.client.commands.meetings",
        "asynctui.client.commands.actions",
        "asynctui.core.advice",
    }
    assert loaded.isdisjoint(rituals)
