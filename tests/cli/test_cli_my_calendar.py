"""Status, focus and hours as scripts write them: every write takes --json."""

from __future__ import annotations

from cli_runner import Cli, one_line_error

WEDNESDAY_10 = "2026-11-18T10:00+01:00"
"""Wednesday 10:00 in Berlin, 04:00 in New York."""


def test_status_json_is_the_status_as_set_with_its_ids(team: Cli) -> None:
    data = team.ok(
        "ana", "status", "away", "Offsite", "--until", "fri", "--json", now=WEDNESDAY_10
    ).json()
    # Ana works Mon-Fri 09:00-17:00: 'until fri' ends when her Friday starts.
    assert (data["kind"], data["state"], data["text"]) == ("status", "away", "Offsite")
    assert data["until"] == "2026-11-20T08:00:00Z"
    assert data["short"] == data["id"][-6:].lower() and data["events"] == [data["id"]]


def test_focus_for_90_minutes_at_10_ends_at_11_30(team: Cli) -> None:
    said = team.ok("ana", "focus", "90m", "Writing", "the", "plan", now=WEDNESDAY_10).out
    assert said == "Status set: in focus · Writing the plan · until 11:30\n"
    data = team.ok("ana", "focus", "25m", "--json", now=WEDNESDAY_10).json()
    assert (data["state"], data["until"]) == ("focus", "2026-11-18T09:25:00Z")


def test_for_and_until_read_a_length_the_same_way(team: Cli) -> None:
    by_for = team.ok("ana", "status", "away", "--for", "2h", "--json", now=WEDNESDAY_10).json()
    by_until = team.ok("ana", "status", "away", "--until", "2h", "--json", now=WEDNESDAY_10).json()
    assert by_for["until"] == by_until["until"] == "2026-11-18T11:00:00Z"


def test_off_until_the_next_working_day_on_a_friday_evening_ends_monday(team: Cli) -> None:
    data = team.ok(
        "bob", "status", "off", "--until", "next working day", "--json",
        now="2026-11-20T18:00-05:00",
    ).json()  # fmt: skip
    assert data["until"] == "2026-11-23T14:00:00Z"  # Monday 09:00 in New York


def test_a_status_that_cannot_be_is_one_line(team: Cli) -> None:
    assert "unknown status 'busy'" in one_line_error(team("ana", "status", "busy"))
    passed = one_line_error(team("ana", "status", "away", "--until", "2026-11-17"))
    assert "'2026-11-17' has already passed" in passed
    assert "not a duration: 'fri'" in one_line_error(team("ana", "focus", "in fri"))


def test_hours_json_after_a_change_is_the_new_hours_with_their_ids(team: Cli) -> None:
    data = team.ok("ana", "hours", "--work", "Mon-Thu 08:00-16:00", "--json").json()
    assert (data["kind"], data["member_handle"], data["tz"]) == ("hours", "ana", "Europe/Berlin")
    assert data["hours"]["working"] == [{"days": [0, 1, 2, 3], "start": 480, "end": 960}]
    assert len(data["events"]) == 1
    said = team.ok("ana", "hours", "--add-time-off", "2026-12-24", "--note", "Eve").out
    assert "  time off:   2026-12-24  Eve" in said


def test_a_bad_hours_rule_names_its_part(team: Cli) -> None:
    error = one_line_error(team("ana", "hours", "--focus", "Moonday 10:00-11:00"))
    assert error.startswith("asynctui: error: focus blocks: not a weekday range: 'Moonday'")
