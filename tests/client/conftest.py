"""The fixtures the client tests share."""

from __future__ import annotations

from pathlib import Path

import pytest
from three_people import Team


@pytest.fixture
def team(tmp_path: Path) -> Team:
    """Ana, Bob and Cy on one shared folder (``three_people``); a module that
    defines its own ``team`` uses that one instead."""
    return Team(tmp_path)
