"""This machine's time zone, found where Unix keeps it (a fake /etc in each test)."""

from __future__ import annotations

import os
from pathlib import Path

from asynctui.client.local_zone import LocalZone, local_zone

ZONEINFO = Path("/usr/share/zoneinfo")


def etc_linked_to(tmp_path: Path, zone: str) -> Path:
    """An /etc whose localtime links into a zoneinfo tree, as timedatectl makes it."""
    etc = tmp_path / "etc"
    etc.mkdir()
    tree = tmp_path / "usr" / "share" / "zoneinfo" / zone
    tree.parent.mkdir(parents=True)
    tree.write_bytes((ZONEINFO / "UTC").read_bytes())
    os.symlink(os.path.relpath(tree, etc), etc / "localtime")
    return etc


def test_the_tz_variable_comes_first(tmp_path: Path) -> None:
    etc = etc_linked_to(tmp_path, "Europe/Berlin")
    assert local_zone({"TZ": "America/New_York"}, etc) == LocalZone("America/New_York", "TZ")


def test_a_tz_variable_naming_a_zoneinfo_file_gives_its_zone(tmp_path: Path) -> None:
    found = local_zone({"TZ": ":/usr/share/zoneinfo/Asia/Kolkata"}, tmp_path)
    assert found == LocalZone("Asia/Kolkata", "TZ")


def test_a_posix_rule_in_tz_is_passed_over_for_the_link(tmp_path: Path) -> None:
    etc = etc_linked_to(tmp_path, "Europe/Berlin")
    assert local_zone({"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}, etc).name == "Europe/Berlin"


def test_the_localtime_link_names_the_zone(tmp_path: Path) -> None:
    etc = etc_linked_to(tmp_path, "America/Argentina/Buenos_Aires")
    found = local_zone({}, etc)
    assert found == LocalZone("America/Argentina/Buenos_Aires", str(etc / "localtime"))


def test_etc_timezone_when_localtime_is_a_copy(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "localtime").write_bytes((ZONEINFO / "UTC").read_bytes())
    (etc / "timezone").write_text("Australia/Sydney\n")
    assert local_zone({}, etc) == LocalZone("Australia/Sydney", str(etc / "timezone"))


def test_nothing_that_names_a_real_zone_gives_utc_with_no_source(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "timezone").write_text("Mars/Olympus_Mons\n")
    os.symlink("/nowhere/at/all", etc / "localtime")
    assert local_zone({"TZ": "../../etc/passwd"}, etc) == LocalZone("UTC", "")
