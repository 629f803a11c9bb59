"""Every path asynctui uses, in one place.

``ASYNCTUI_CONFIG_DIR`` and ``ASYNCTUI_DATA_DIR`` override the platform
directories, so tests and several identities on one machine stay apart.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "asynctui"


def config_dir() -> Path:
    override = os.environ.get("ASYNCTUI_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    override = os.environ.get("ASYNCTUI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP))


def config_file() -> Path:
    return config_dir() / "config.toml"


def replica_file() -> Path:
    return data_dir() / "replica.db"


def demo_dir() -> Path:
    """The sample team lives apart from the user's own workspace."""
    return data_dir() / "demo"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def builtin_themes_dir() -> Path:
    """Themes shipped in the wheel, or the repository's themes/ in a checkout."""
    packaged = Path(__file__).parent / "themes"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes"
