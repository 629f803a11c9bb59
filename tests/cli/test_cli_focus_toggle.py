"""Focus ends as it starts, from the command line: `asynctui focus off` (or --end)."""

from __future__ import annotations

from cli_runner import Cli, one_line_error

WEDNESDAY_10 = "2026-11-18T10:00+01:00"
"""Wednesday 10:00 in Berlin."""


def test_focus_off_ends_my_focus_and_i_am_available_again(team: Cli) -> None:
    team.ok("ana", "focus", "90m", "Writing", now=WEDNESDAY_10)
    said = team.ok("ana", "focus", "off", now="2026-11-18T10:30+01:00").out
    assert said == "Focus ended: you are available.\n"
    data = team.ok("ana", "status", "--json", now="2026-11-18T10:31+01:00").json()
    (mine,) = [p for p in data if p["handle"] == "ana"]
    assert mine["state"] == "available"


def test_focus_end_ends_it_too_and_says_so_in_json(team: Cli) -> None:
    team.ok("ana", "focus", "25m", now=WEDNESDAY_10)
    data = team.ok("ana", "focus", "--end", "--json", now="2026-11-18T10:10+01:00").json()
    assert (data["kind"], data["state"]) == ("status", "available")


def test_ending_focus_when_not_in_focus_is_one_line(team: Cli) -> None:
    error = one_line_error(team("ana", "focus", "off", now=WEDNESDAY_10))
    assert "you are not in focus" in error
    # A focus that has run out is over already.
    team.ok("ana", "focus", "25m", now=WEDNESDAY_10)
    assert "you are not in focus" in one_line_error(
        team("ana", "focus", "--end", now="2026-11-18T11:00+01:00")
    )


def test_focus_without_a_length_still_asks_for_one(team: Cli) -> None:
    assert "say how long the focus block lasts" in one_line_error(team("ana", "focus"))
