"""Every path asynctui uses, in one place.

``ASYNCTUI_CONFIG_DIR`` and ``ASYNCTUI_DATA_DIR`` override the platform
directories; without them, each config file (``--config``) still keeps its own
replica (:func:`replica_file`), so several identities on one machine stay apart.
"""

from __future__ import annotations

import hashlib
import os
import re
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


def replica_file(config: Path | None = None, named: str = "") -> Path:
    """The replica (and with it the outbox and drafts) of the identity in the
    config file ``config``, which may name its own (``named``, its ``replica``).

    Otherwise: with ``ASYNCTUI_DATA_DIR`` set, ``replica.db`` in that directory
    (it is this identity's); for the default config, ``replica.db`` in the data
    directory, where it has always been; for any other config file, one of its
    own beside it there, named after the file's resolved path, so two configs on
    one machine never share an outbox."""
    if named:
        return Path(named).expanduser()
    if os.environ.get("ASYNCTUI_DATA_DIR") or config is None:
        return data_dir() / "replica.db"
    resolved = config.expanduser().resolve()
    if resolved == config_file().expanduser().resolve():
        return data_dir() / "replica.db"
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", resolved.stem)[:32].strip("-") or "config"
    return data_dir() / "configs" / f"{stem}-{digest}" / "replica.db"


def shares_default_replica(config: Path, named: str) -> bool:
    """Whether a config file other than the default names the default config's
    replica: an ``init`` before each config had its own wrote that path into
    every config, so two identities would share one outbox."""
    if not named or os.environ.get("ASYNCTUI_DATA_DIR"):
        return False
    default = data_dir() / "replica.db"
    if config.expanduser().resolve() == config_file().expanduser().resolve():
        return False
    return Path(named).expanduser().resolve() == default.expanduser().resolve()


def demo_dir() -> Path:
    """The sample team lives apart from the user's own workspace."""
    return data_dir() / "demo"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def builtin_themes_dir() -> Path:
    """Themes shipped in the wheel, or the repository's themes/ in a checkout."""
    packaged = Path(__file__).parent / "themes"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes"
