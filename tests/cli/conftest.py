"""Fixtures of the CLI tests: see cli_runner.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import Cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, monkeypatch, capsys)


@pytest.fixture
def team(cli: Cli) -> Cli:
    """Ana (Berlin) and Bob (New York) share a folder, with the #general channel init made."""
    cli.init("ana")
    cli.init("bob")
    return cli
