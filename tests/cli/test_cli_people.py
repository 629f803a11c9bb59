"""Hours, statuses, the team and `expect` through the real CLI; and the demo."""

from __future__ import annotations

import json

from cli_runner import Cli


def test_hours_are_set_shown_as_json_and_seen_by_the_team(team: Cli) -> None:
    shown = team.ok(
        "ana",
        "hours",
        "--work",
        "Mon-Fri 09:00-12:00,13:00-17:00",
        "--focus",
        "Tue 09:00-11:00",
        "--always-off",
        "Wed 15:00-16:00",
        "--add-time-off",
        "2026-12-24..2027-01-02",
        "--note",
        "Holidays",
        "--promise",
        "4h",
    ).out
    assert "  working:    Mon-Fri 09:00-12:00; Mon-Fri 13:00-17:00" in shown
    assert "  time off:   2026-12-24..2027-01-02  Holidays" in shown
    assert "  promise:    I reply within 4 working hours" in shown

    expected = {
        "working": [
            {"days": [0, 1, 2, 3, 4], "start": 540, "end": 720},
            {"days": [0, 1, 2, 3, 4], "start": 780, "end": 1020},
        ],
        "focus": [{"days": [1], "start": 540, "end": 660}],
        "always_off": [{"days": [2], "start": 900, "end": 960}],
        "time_off": [{"first": "2026-12-24", "last": "2027-01-02", "note": "Holidays"}],
        "promise": {"amount": 4, "unit": "h"},
    }
    mine = team.ok("ana", "hours", "--json").json()
    assert mine == {
        "member": mine["member"], "member_handle": "ana", "tz": "Europe/Berlin", "hours": expected,
    }  # fmt: skip
    assert team.ok("bob", "hours", "@ana", "--json").json()["hours"] == expected

    team.ok("ana", "hours", "--remove-time-off", "2026-12-24")
    assert team.ok("bob", "hours", "@ana", "--json").json()["hours"]["time_off"] == []
    missing = team("ana", "hours", "--remove-time-off", "2026-12-24")
    assert missing.code == 1 and "no time off starts on 2026-12-24" in missing.err


def test_a_status_with_an_end_is_listed_until_it_expires(team: Cli) -> None:
    set_ = team.ok("ana", "status", "focus", "Writing", "--for", "50m", "--emoji", "🎧").out
    assert set_ == "Status set: in focus · 🎧 Writing · until 16:50\n"
    listed = team.ok("bob", "status").out.splitlines()
    assert [line.split()[0] for line in listed] == ["@ana", "@bob"]
    assert "in focus · 🎧 Writing · until" in listed[0] and "available" in listed[1]

    people = {p["handle"]: p for p in team.ok("bob", "team", "--json").json()}
    assert (people["ana"]["state"], people["ana"]["status_text"]) == ("focus", "Writing")
    assert people["ana"]["status_until"] == "2026-11-20T15:50:00Z"

    later = "2026-11-20T17:00+01:00"
    people = {p["handle"]: p for p in team.ok("bob", "team", "--json", now=later).json()}
    assert (people["ana"]["state"], people["ana"]["status_text"]) == ("available", "")
    assert "Writing" not in team.ok("bob", "status", now=later).out


def test_team_shows_local_time_and_when_someone_is_back(team: Cli) -> None:
    # Friday 22:00 in Berlin, 16:00 in New York.
    people = team.ok("bob", "team", "--json", now="2026-11-20T22:00+01:00").json()
    ana, bob = people
    assert (ana["handle"], ana["local_time"], ana["working"]) == ("ana", "Fri 22:00", False)
    assert ana["availability"] == "off until Mon 03:00 (in 2d 11h)"  # Bob's time
    assert (bob["local_time"], bob["working"]) == ("Fri 16:00", True)
    assert bob["availability"] == "working until 17:00"
    table = team.ok("ana", "team", now="2026-11-20T22:00+01:00").out
    assert "@ana (you)" in table and "Fri 16:00 America/New_York" in table


def test_off_until_tomorrow_noon_moves_the_due_time_of_an_ask(team: Cli) -> None:
    wednesday = "2026-11-18T10:00-05:00"
    team.ok("ana", "post", "#general", "Q", "Thoughts?", now=wednesday)
    short = team.ok("ana", "threads", "--json").json()[0]["id"][-6:]
    before = team.ok("bob", "expect", "@bob", "--within", "8h", "--json", now=wednesday).json()
    assert before["due_local_asked"] == "2026-11-19T10:00:00-05:00"
    team.ok("bob", "status", "off", "--until", "tomorrow 12:00", now=wednesday)
    team.ok("ana", "ask", short, "@bob", "--within", "8h", now=wednesday)
    (owed,) = team.ok("bob", "owed", "--json", now=wednesday).json()
    assert owed["due"] == "2026-11-20T17:00:00Z"  # Friday 12:00 in New York


def test_expect_names_the_due_time_in_both_zones(team: Cli) -> None:
    # Bob works Mon-Fri 09:00-17:00 in New York; asked Friday 16:00 there for 8 hours:
    # 1 hour on Friday, 7 on Monday.
    out = team.ok(
        "ana",
        "expect",
        "@bob",
        "--within",
        "8h",
        "--from",
        "2026-11-20T16:00-05:00",
        now="2026-11-20T22:00+01:00",
    ).out
    assert out == (
        "A reply from @bob asked 22:00 within 8 working hours is due Mon 22:00"
        " (2026-11-23 22:00 CET), Mon 16:00 New York time for @bob.\n"
    )
    data = team.ok(
        "ana", "expect", "bob", "--within", "8h", "--from", "2026-11-20T16:00-05:00", "--json"
    ).json()
    assert data["due"] == "2026-11-23T21:00:00Z"
    assert data["due_local_asked"] == "2026-11-23T16:00:00-05:00"
    assert data["due_local_me"] == "2026-11-23T22:00:00+01:00"


def test_expect_uses_the_promise_when_no_window_is_given(team: Cli) -> None:
    team.ok("bob", "hours", "--promise", "2h")
    data = team.ok("ana", "expect", "@bob", "--json").json()
    # Friday 10:00 in New York + 2 working hours.
    assert (data["within"], data["due"]) == ("2h", "2026-11-20T17:00:00Z")


# -- the demo ------------------------------------------------------------------------

WEDNESDAY_EVENING = "2026-11-18T22:00+01:00"
"""16:00 in New York, where Sam has 1.5 of the 4 hours Ana asked of him left."""
DEMO_ANCHOR = "2026-11-18T11:20+01:00"
"""The Wednesday 11:20 in Berlin the demo tells its story at when the clock is not fixed."""


def _demo_events(cli: Cli) -> list[str]:
    config = cli.tmp / "default-data" / "demo" / "config.toml"
    cli.monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(cli.tmp / "default-data"))
    result = cli.raw("--config", str(config), "export")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    return [e["id"] for e in data["events"]]


def _urgencies(cli: Cli) -> set[str]:
    config = cli.tmp / "default-data" / "demo" / "config.toml"
    owed = cli.raw("--config", str(config), "owed", "--json")
    owed_to_me = cli.raw("--config", str(config), "owed", "--to-me", "--json")
    return {a["urgency"] for a in json.loads(owed.out) + json.loads(owed_to_me.out)}


def test_the_demo_makes_a_lively_team_once(cli: Cli) -> None:
    cli.monkeypatch.setenv("ASYNCTUI_NOW", WEDNESDAY_EVENING)
    first = cli.raw("demo")
    assert first.code == 0 and first.err == ""
    assert first.out.startswith("Made the sample team in ")
    for heading in ("The team", "What you owe", "What others owe you"):
        assert f"\n{heading}\n" in first.out
    assert "@ana (you)" in first.out
    assert any(line.startswith("!") for line in first.out.splitlines())

    assert {"overdue", "due_soon"} <= _urgencies(cli)

    events = _demo_events(cli)
    again = cli.raw("demo")
    assert again.code == 0 and "Made the sample team" not in again.out
    assert _demo_events(cli) == events

    reset = cli.raw("demo", "--reset")
    assert reset.code == 0 and reset.out.startswith("Made the sample team in ")
    remade = _demo_events(cli)
    assert len(remade) == len(events) and set(remade).isdisjoint(events)


def test_the_demo_at_its_own_wednesday_morning_has_an_ask_due_soon(cli: Cli) -> None:
    cli.monkeypatch.setenv("ASYNCTUI_NOW", DEMO_ANCHOR)
    assert cli.raw("demo").code == 0
    assert {"overdue", "due_soon"} <= _urgencies(cli)
