"""This machine's IANA time zone, for a default that people need not type.

Python gives no zone *name* for local time (``datetime.astimezone()`` gives an
offset, "CET", which knows nothing of DST rules), so it is looked for where
Unix systems keep it, most explicit first: the ``TZ`` variable, the
``/etc/localtime`` link into a zoneinfo tree, then ``/etc/timezone`` (Debian).
Whatever is found must load as a ``ZoneInfo``; if nothing does, UTC, and the
caller says so.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["LocalZone", "local_zone"]

_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
"""Names in zoneinfo trees that are not a place's zone."""


@dataclass(frozen=True)
class LocalZone:
    name: str
    """An IANA name that loads, e.g. ``Europe/Berlin``; ``UTC`` when none was found."""
    source: str
    """Where it was found (``TZ``, ``/etc/localtime``, ``/etc/timezone``), or ``""``
    for the UTC fallback."""


def _valid(name: str) -> str | None:
    name = name.strip()
    if not name or name in _NOT_PLACES or name.startswith("/") or ".." in name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def _from_path(path: str) -> str | None:
    """``Europe/Berlin`` from ``/usr/share/zoneinfo/Europe/Berlin`` (any zoneinfo
    tree: macOS keeps one under /var/db/timezone)."""
    parts = Path(path).parts
    for n in range(len(parts) - 1, -1, -1):
        if parts[n] in ("zoneinfo", "zoneinfo-posix", "zoneinfo-leaps"):
            return _valid("/".join(parts[n + 1 :]))
    return None


def local_zone(environ: Mapping[str, str] | None = None, etc: Path = Path("/etc")) -> LocalZone:
    """This machine's zone; ``environ`` and ``etc`` are for tests."""
    env = os.environ if environ is None else environ
    tz = env.get("TZ", "").strip().removeprefix(":")
    if tz:
        found = _from_path(tz) if tz.startswith("/") else _valid(tz)
        if found:
            return LocalZone(found, "TZ")
    localtime = etc / "localtime"
    try:
        if localtime.is_symlink():
            # The link as made first (it names the zone the admin chose: a link
            # of a link may end at an older or a canonical name), then to its end.
            link = os.path.join(etc, os.readlink(localtime))
            found = _from_path(link) or _from_path(os.path.realpath(localtime))
            if found:
                return LocalZone(found, str(localtime))
    except OSError:
        pass
    try:
        lines = (etc / "timezone").read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        lines = []
    if lines and (found := _valid(lines[0])):
        return LocalZone(found, str(etc / "timezone"))
    return LocalZone("UTC", "")
