"""Run the real `asynctui` command in-process, as one of several people sharing a folder.

Each person has their own config file (``--config``) and data directory
(``ASYNCTUI_DATA_DIR``), so their replicas stay apart; all share one folder.
The clock is fixed (``ASYNCTUI_NOW``) unless a call passes ``now=``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from asynctui.cli import main

FRIDAY_4PM_BERLIN = "2026-11-20T16:00+01:00"
"""A Friday afternoon in Berlin: 10:00 in New York."""

ZONES = {"ana": ("Ana Ruiz", "Europe/Berlin"), "bob": ("Bob Stone", "America/New_York")}


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    def __init__(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.tmp = tmp_path
        self.folder = tmp_path / "shared"
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        monkeypatch.setenv("ASYNCTUI_CONFIG_DIR", str(tmp_path / "default-config"))
        monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(tmp_path / "default-data"))
        monkeypatch.setenv("ASYNCTUI_NOW", FRIDAY_4PM_BERLIN)

    def config(self, who: str) -> Path:
        return self.tmp / who / "config.toml"

    def data(self, who: str) -> Path:
        return self.tmp / who / "data"

    def raw(self, *argv: str) -> Result:
        """Run with the environment as it is, no identity chosen."""
        self.capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def __call__(self, who: str, *argv: str, now: str | None = None) -> Result:
        self.monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(self.data(who)))
        clock = ["--now", now] if now else []
        return self.raw("--config", str(self.config(who)), *clock, *argv)

    def with_code(self, code: str, who: str, *argv: str) -> Result:
        """Run with ``code`` where `asynctui init --server` reads a join code from
        the environment (ASYNCTUI_JOIN_CODE), as a script would give it."""
        self.monkeypatch.setenv("ASYNCTUI_JOIN_CODE", code)
        try:
            return self(who, *argv)
        finally:
            self.monkeypatch.delenv("ASYNCTUI_JOIN_CODE")

    def ok(self, who: str, *argv: str, now: str | None = None) -> Result:
        result = self(who, *argv, now=now)
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        return result

    def init(self, who: str) -> Result:
        name, tz = ZONES[who]
        return self.ok(
            who,
            "init",
            "--folder",
            str(self.folder),
            "--name",
            name,
            "--handle",
            who,
            "--tz",
            tz,
            "--device",
            f"{who}-laptop",
        )


def one_line_error(result: Result) -> str:
    """The error a command printed, checked to be a single line and a failure."""
    assert result.code != 0
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("asynctui: error: "), result.err
    return lines[0]
