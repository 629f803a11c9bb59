"""`asynctui show` prints a message as written, Markdown marks and all, only made safe."""

from __future__ import annotations

import re

from cli_runner import Cli

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_show_prints_markdown_as_typed_and_strips_escapes_inside_it(team: Cli) -> None:
    body = (
        "Can we **ship it**? Run `make\x1b[2J deploy`:\n"
        "```\n  make   deploy \x1b]8;;https://evil.example\x07--all\x1b]8;;\x07\n```\n"
        "> quoted\n- item\n[bold]x[/bold] [the guide](https://example.com)"
    )
    team.ok("ana", "post", "#general", "Release", body)
    short = team.ok("ana", "threads", "--json").json()[0]["id"][-6:]
    shown = team.ok("bob", "show", short).out
    assert not UNSAFE.search(shown)
    for line in [
        "  Can we **ship it**? Run `make deploy`:",
        "  ```",
        "    make   deploy --all",
        "  > quoted",
        "  - item",
        "  [bold]x[/bold] [the guide](https://example.com)",
    ]:
        assert line + "\n" in shown, (line, shown)
