"""Fixtures of the TUI tests: the demo team and apps opened on it (see app_harness.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_harness import DemoTeam, make_demo


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DemoTeam]:
    """The sample team in ``tmp_path``, its clock fixed at Wednesday 11:20 in Berlin."""
    team = make_demo(tmp_path, monkeypatch)
    yield team
    team.close()
