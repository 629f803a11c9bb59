"""Schemathesis against the running server's own /v1/openapi.json: bounded examples
for every operation, every check; no 500s, and every answer as the document says."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import RunningServer, running_server

from asynctui.core.events import ProfileSet, encode


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    # The fuzzer sends hundreds of requests a second, many with wrong tokens and
    # codes on purpose: lift the rate limits (per device and per address).
    yield from running_server(tmp_path, "--rate", "100000", "--failure-rate", "100000")


# What JSON Schema cannot say about an event: that its author and device are the
# token's (403), that the objects it names exist where the author may see them
# (404, 409), that an integral float is not an integer to the decoder, and that a
# time's offset lies within a day. Those answers are allowed for schema-valid
# events; every other check, and every other operation, stays strict.
CONFIG = """
[[operations]]
include-name = "POST /v1/events"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "403", "404", "409"]

[[operations]]
include-name = "POST /v1/join"
checks.positive_data_acceptance.expected-statuses = ["2xx", "404", "409"]
"""


def test_the_server_keeps_every_promise_of_its_openapi_document(
    server: RunningServer, tmp_path: Path
) -> None:
    admin = server.join("root", admin=True)
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    # One event, so that reads from the start answer at once instead of waiting.
    seeded = httpx.post(
        f"{server.url}/v1/events",
        content=b'{"events":[' + encode(admin.event(ProfileSet(name="Root", handle="root",
                                                                tz="UTC"))) + b"]}",
        headers=admin.headers,
    )  # fmt: skip
    assert seeded.status_code == 200
    cli = Path(sys.executable).parent / "schemathesis"
    run = subprocess.run(
        [
            str(cli), "--config-file", str(config), "--no-color", "run",
            f"{server.url}/v1/openapi.json",
            "--header", f"Authorization: Bearer {admin.token}",
            "--checks", "all",
            "--max-examples", "15",
            "--request-timeout", "10",
            "--seed", "20261201",
            "--generation-database", "none",
        ],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 8" in run.stdout  # every operation of the document was exercised
