"""The user's settings: who I am on this device and where my workspace lives.

Stored as TOML in the config directory (read with tomllib, written with tomli-w).
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomli_w


class ConfigError(Exception):
    """The config file is missing or malformed; the message says which and how to fix it."""


@dataclass
class Config:
    folder: str
    """The shared folder holding the workspace's journals."""
    member: str
    """My member id (the same on all my devices)."""
    device: str
    """This device's id; it names my journal in the shared folder."""
    handle: str
    """My @handle, as given at init (the replica holds the current one)."""
    replica: str = ""
    """The replica file; empty means the default in the data directory."""
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
    try:
        return Config(
            folder=_text(workspace, "folder", where),
            member=_text(me, "member", where),
            device=_text(me, "device", where),
            handle=_text(me, "handle", where),
            replica=str(workspace.get("replica", "")),
            demo=bool(workspace.get("demo", False)),
            theme=str(ui.get("theme", "asynctui-dark")),
            bell=bool(ui.get("bell", False)),
            desktop=str(ui.get("desktop", "off")),
            keys={str(k): str(v) for k, v in dict(data.get("keys", {})).items()},
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
            "folder": values["folder"],
            "replica": values["replica"],
            "demo": values["demo"],
        },
        "me": {k: values[k] for k in ("member", "device", "handle")},
        "ui": {"theme": values["theme"], "bell": values["bell"], "desktop": values["desktop"]},
        "keys": values["keys"],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)
