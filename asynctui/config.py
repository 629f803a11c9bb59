"""The user's settings: who I am on this device and where my workspace lives.

Stored as TOML in the config directory (read with tomllib, written with tomli-w).
The workspace lives in exactly one of a shared folder (``folder``) or on a sync
server (``server``, with this device's ``token``). A file holding a token is
readable by its owner only (mode 0600): the token is this device's password.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from asynctui.client.following import LEVELS, Level


class ConfigError(Exception):
    """The config file is missing or malformed; the message says which and how to fix it."""


@dataclass(kw_only=True)
class Config:
    folder: str = ""
    """The shared folder holding the workspace's journals (or empty: ``server``)."""
    server: str = ""
    """The sync server's URL, e.g. https://chat.example.com (or empty: ``folder``)."""
    token: str = ""
    """This device's token on ``server``; kept secret (the file is mode 0600)."""
    member: str
    """My member id (the same on all my devices)."""
    device: str
    """This device's id; it names my journal in the shared folder, or my device
    on the server."""
    handle: str
    """My @handle, as given at init (the replica holds the current one)."""
    replica: str = ""
    """The replica file; empty means this config file's own in the data directory
    (``paths.replica_file``)."""
    theme: str = "asynctui-dark"
    """The TUI theme, saved when changed."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key remapping: binding id -> keys, e.g. {"reply": "r,R"}."""
    bell: bool = False
    """Ring the terminal bell with a notification (only within my own hours)."""
    desktop: str = "off"
    """Desktop notifications through the terminal: "off", "osc9" (iTerm2, kitty,
    WezTerm, foot...) or "osc777" (urxvt, some VTE terminals)."""
    demo: bool = False
    """The sample team: its clock resumes at demo time rather than now."""
    notify: Level = "all"
    """How much news reaches me: "all", "relevant" or "asks" (``client.following``)."""


def load(path: Path) -> Config:
    if not path.exists():
        raise ConfigError(
            f"no workspace configured ({path} not found):"
            " run `asynctui init` or try `asynctui demo`"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    return from_dict(data, str(path))


def from_dict(data: dict[str, Any], where: str) -> Config:
    workspace = data.get("workspace", {})
    me = data.get("me", {})
    ui = data.get("ui", {})
    notify = data.get("notify", {})
    level = notify.get("level", "all") if isinstance(notify, dict) else None
    if level not in LEVELS:
        raise ConfigError(
            f"{where}: [notify] level must be one of {', '.join(LEVELS)} (it is {level!r})"
        )
    if not isinstance(workspace, dict):
        raise ConfigError(f"{where}: [workspace] must be a table; run `asynctui init` again")
    has_folder, has_server = bool(workspace.get("folder")), bool(workspace.get("server"))
    if has_folder == has_server:
        which = "both" if has_folder else "neither"
        raise ConfigError(
            f"{where}: [workspace] needs exactly one of 'folder' and 'server' ({which} set);"
            " run `asynctui init` again"
        )
    try:
        return Config(
            folder=_text(workspace, "folder", where) if has_folder else "",
            server=_text(workspace, "server", where) if has_server else "",
            token=_text(workspace, "token", where) if has_server else "",
            member=_text(me, "member", where),
            device=_text(me, "device", where),
            handle=_text(me, "handle", where),
            replica=str(workspace.get("replica", "")),
            demo=bool(workspace.get("demo", False)),
            theme=str(ui.get("theme", "asynctui-dark")),
            bell=bool(ui.get("bell", False)),
            desktop=str(ui.get("desktop", "off")),
            keys={str(k): str(v) for k, v in dict(data.get("keys", {})).items()},
            notify=level,
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _text(table: Any, key: str, where: str) -> str:
    if not isinstance(table, dict) or not isinstance(table.get(key), str) or not table[key]:
        raise ConfigError(f"{where}: missing or invalid setting {key!r}; run `asynctui init` again")
    return str(table[key])


def save(config: Config, path: Path) -> None:
    values = asdict(config)
    data: dict[str, Any] = {
        "workspace": {
            **({"server": values["server"], "token": values["token"]} if config.server else {}),
            **({"folder": values["folder"]} if config.folder else {}),
            "replica": values["replica"],
            "demo": values["demo"],
        },
        "me": {k: values[k] for k in ("member", "device", "handle")},
        "ui": {"theme": values["theme"], "bell": values["bell"], "desktop": values["desktop"]},
        "notify": {"level": values["notify"]},
        "keys": values["keys"],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    # Made with the final mode, so the token is never readable by others, not
    # even for a moment; a file left over by a crash is replaced.
    mode = 0o600 if config.token else 0o644
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(tomli_w.dumps(data))
    if config.token:
        os.chmod(tmp, 0o600)  # whatever the umask left
    tmp.replace(path)
