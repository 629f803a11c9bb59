"""Two config files on one machine are two identities, each with its own replica.

No ASYNCTUI_DATA_DIR here: HOME and the XDG directories point into a temporary
folder, so the platform's own data directory is where replicas go, as on a
person's machine.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from cli_runner import ZONES, Cli

from asynctui import paths


@pytest.fixture
def home(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    for name in ("ASYNCTUI_CONFIG_DIR", "ASYNCTUI_DATA_DIR"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(cli.tmp / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(cli.tmp / "home" / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(cli.tmp / "home" / ".local" / "share"))
    return cli


def data_dir(cli: Cli) -> Path:
    return cli.tmp / "home" / ".local" / "share" / "asynctui"


def init(cli: Cli, who: str, *config: str) -> None:
    name, tz = ZONES[who]
    made = cli.raw(
        *config, "init", "--folder", str(cli.folder), "--name", name, "--handle", who,
        "--tz", tz, "--device", f"{who}-laptop",
    )  # fmt: skip
    assert made.code == 0, made.err


def titles(cli: Cli, config: Path) -> list[str]:
    listed = cli.raw("--config", str(config), "threads", "--json")
    assert listed.code == 0, listed.err
    return [t["title"] for t in listed.json()]


def replica_of(config: Path) -> Path:
    return Path(tomllib.loads(config.read_text())["workspace"]["replica"])


def test_two_config_files_keep_two_replicas_until_synced_through_the_shared_folder(
    home: Cli,
) -> None:
    cli = home
    work, other = cli.tmp / "work.toml", cli.tmp / "other.toml"
    init(cli, "ana", "--config", str(work))
    init(cli, "bob", "--config", str(other))
    posted = cli.raw("--config", str(work), "channel", "create", "ops")
    assert posted.code == 0, posted.err

    # Each has a replica of its own in the data directory, none at its top.
    mine, bobs = replica_of(work), replica_of(other)
    assert mine != bobs
    assert mine.is_file() and bobs.is_file()
    assert mine.parent.parent == bobs.parent.parent == data_dir(cli) / "configs"
    assert not (data_dir(cli) / "replica.db").exists()

    # With the shared folder out of reach, Ana's new thread waits in her outbox only.
    cli.folder.rename(cli.tmp / "unplugged")
    queued = cli.raw("--config", str(work), "post", "#ops", "Deploy window", "Tonight?")
    assert queued.code == 0, queued.err
    assert "queued" in queued.err
    assert titles(cli, work) == ["Deploy window"]
    assert cli.raw("--config", str(other), "outbox", "--json").json() == []
    assert titles(cli, other) == []

    # Once the folder is back, Ana's next sync sends it and Bob's brings it in.
    (cli.tmp / "unplugged").rename(cli.folder)
    assert cli.raw("--config", str(work), "sync").code == 0
    assert titles(cli, other) == ["Deploy window"]


def test_the_default_config_keeps_the_replica_at_the_top_of_the_data_directory(
    home: Cli,
) -> None:
    cli = home
    init(cli, "ana")
    default = cli.tmp / "home" / ".config" / "asynctui" / "config.toml"
    assert default.is_file()
    assert replica_of(default) == data_dir(cli) / "replica.db"
    assert (data_dir(cli) / "replica.db").is_file()
    # The same file whichever way the default config is reached.
    assert paths.replica_file(default) == paths.replica_file() == data_dir(cli) / "replica.db"
    assert paths.replica_file(Path("~/.config/asynctui/config.toml")) == paths.replica_file()


def test_a_config_that_names_its_replica_keeps_it(home: Cli) -> None:
    cli = home
    config = cli.tmp / "named.toml"
    init(cli, "ana", "--config", str(config))
    text = config.read_text()
    named = cli.tmp / "elsewhere" / "mine.db"
    config.write_text(text.replace(str(replica_of(config)), str(named)))
    assert cli.raw("--config", str(config), "sync").code == 0
    assert named.is_file()


def test_with_asyncui_data_dir_set_that_directory_holds_the_replica(
    home: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(home.tmp / "data"))
    assert paths.replica_file(home.tmp / "any.toml") == home.tmp / "data" / "replica.db"


def test_a_config_made_when_all_shared_one_replica_says_how_to_get_its_own(home: Cli) -> None:
    cli = home
    init(cli, "ana")
    default = cli.tmp / "home" / ".config" / "asynctui" / "config.toml"
    assert "warning" not in cli.raw("sync").err
    config = cli.tmp / "old.toml"
    init(cli, "bob", "--config", str(config))
    # What `init` wrote before each config had its own: the default's replica.
    config.write_text(config.read_text().replace(str(replica_of(config)), str(replica_of(default))))
    warned = cli.raw("--config", str(config), "sync")
    assert warned.code == 0
    assert warned.err == (
        f"asynctui: warning: {config} uses the default config's replica; to give it its own,"
        " once `asynctui outbox` is empty, delete its `replica = ...` line\n"
    )
    text = config.read_text()
    config.write_text("\n".join(x for x in text.splitlines() if not x.startswith("replica")))
    mended = cli.raw("--config", str(config), "sync")
    assert (mended.code, mended.err) == (0, "")
    assert titles(cli, config) == titles(cli, default)
    assert list((data_dir(cli) / "configs").glob("old-*/replica.db"))
