"""`asynctui team`, `status`, `threads` and `ask` say whose time they mean (issue #12).

The demo team read at the fixed clocks of ``tests/wording_cases.py``, whose words the
TUI's test (``tests/tui/test_tui_wording.py``) finds on screen too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Cli
from wording_cases import SCENES, Scene

DEMO_CLOCK = "2026-11-18T10:20:00Z"
"""When the sample team's story is told (its messages, asks and statuses)."""


def line_of(text: str, *needles: str) -> str:
    """The one line of ``text`` holding every needle."""
    (found,) = [line for line in text.splitlines() if all(n in line for n in needles)]
    return found


@pytest.fixture
def demo(cli: Cli) -> Path:
    """The sample team, made at the demo's clock: its config file."""
    cli.monkeypatch.setenv("ASYNCTUI_NOW", DEMO_CLOCK)
    assert cli.raw("demo", "--print").code == 0
    return cli.tmp / "default-data" / "demo" / "config.toml"


def run(cli: Cli, config: Path, now: str, *argv: str) -> str:
    result = cli.raw("--config", str(config), "--now", now, *argv)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize("scene", SCENES, ids=[s.what for s in SCENES])
def test_team_and_status_say_whose_time_it_is(cli: Cli, demo: Path, scene: Scene) -> None:
    team = run(cli, demo, scene.now, "team")
    for handle, words in scene.presence.items():
        assert words in line_of(team, f"@{handle} "), (handle, team)
    status = run(cli, demo, scene.now, "status")
    assert line_of(status, "@ana ").split(None, 1)[1].rstrip() == scene.mine


@pytest.mark.parametrize("scene", SCENES, ids=[s.what for s in SCENES])
def test_threads_badges_count_down_as_people_read_them(cli: Cli, demo: Path, scene: Scene) -> None:
    listed = run(cli, demo, scene.now, "threads")
    for title, badge in scene.badges.items():
        assert badge in line_of(listed, title), (title, listed)


@pytest.mark.parametrize("scene", SCENES, ids=[s.what for s in SCENES])
def test_an_ask_says_when_they_are_back_on_my_clock_and_on_theirs(
    cli: Cli, demo: Path, scene: Scene
) -> None:
    threads = run(cli, demo, scene.now, "threads", "--json")
    thread = next(t["id"] for t in json.loads(threads) if t["title"] == "Onboarding empty states")
    for handle, words in scene.asks.items():
        said = run(cli, demo, scene.now, "ask", thread[-6:], f"@{handle}")
        assert words in said, (handle, said)
        assert "your time" not in said
