"""Two demos opened at once in one data directory make one sample team.

The race is not forced: without the lock this test failed about one run in three
here, with it never."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _demo(data: Path, *argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ASYNCTUI_DATA_DIR": str(data)}
    return subprocess.Popen(
        [sys.executable, "-m", "asynctui", "demo", "--print", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_demos_started_at_once_share_one_sample_team(tmp_path: Path) -> None:
    started = [_demo(tmp_path) for _ in range(4)]
    for demo in started:
        _, err = demo.communicate(timeout=120)
        assert demo.returncode == 0, err
    config = next(tmp_path.rglob("config.toml"))
    threads = subprocess.run(
        [sys.executable, "-m", "asynctui", "--config", str(config), "threads", "--json"],
        env={**os.environ, "ASYNCTUI_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    titles = [t["title"] for t in json.loads(threads.stdout)]
    assert "Crash on Android 15 when resuming" in titles
    assert len(titles) == len(set(titles)), "each sample thread made once"
