"""The sync server at load: durable appends, delivery latency, idle waiters, first sync (issue #4).

Usage::

    .venv/bin/python benchmarks/bench_server.py [--runs 5] [--duration 10] [--connections 64]

Needs ``wrk`` (``apt-get install -y wrk``). Measures, in one run of this script:

1. Durable appends/s: the real server (``asynctui serve --rate 1000000``, a fresh
   database per run, 16 devices that joined) against a baseline, interleaved run by
   run: a Starlette app on uvicorn with the same uvicorn settings as ``serve``
   (defined in this file, never in the product) whose ``POST /v1/events`` does the
   same request handling except storage: the bearer token looked up (its hash, in a
   dict), the rate limiter, the body read with the same size limit, decoded with the
   same msgspec types, the same event checks, a ``{"seqs": [...]}`` answer. The load
   is ``wrk`` (one thread, ``--connections`` connections) with a Lua script making a
   new, valid event with a unique id for every request (one ``message.posted`` of
   ~20 words, rotating over the 16 devices). For ``--duration`` seconds it posts;
   then it switches to ``GET`` of an unknown path (a 404 that writes nothing) for 3 s
   more, so the posts in flight at the end are answered and counted. The rate is
   acknowledged posts over the time from the first request to the last
   acknowledgement (CLOCK_MONOTONIC in the Lua script). Afterwards the server's
   ``events`` table must hold exactly the acknowledged count. Goal: ratio >= 0.7.
2. Delivery latency: 100 devices long-poll (``GET /v1/events?after=CURSOR&wait=30``,
   one httpx ``AsyncClient`` each, all in one child process); once they have been
   waiting 0.2 s, another device posts one event. Time from just before that POST to
   each waiter having its answer decoded with the event in it; ``--rounds`` rounds
   per run. Goal: p99 < 50 ms.
3. Idle waiting connections: ``--idle`` long-polls (``wait=60``, raw asyncio sockets
   in a child process, 100 device tokens) held open against one fresh server process.
   The server's VmRSS/VmHWM (``/proc/PID/status``) before (started, warmed by a few
   requests) and once every connection is held (counted as socket descriptors of the
   server process). Then one event is posted and every connection must receive it.
   Goal: 5,000 under 500 MB.
4. First sync of a new client on a workspace of 100,000 events: a server database
   filled once (cached under ``benchmarks/.data/``) with ``bench_fold.history()``,
   authored by 20 members whose devices joined, inserted with
   ``ServerLog.append_many`` in batches of 5,000 as ``asynctui admin import`` does.
   Each run a new member joins over HTTP and a fresh ``Workspace`` with a
   ``ServerStore`` and an empty ``Replica`` (new file) runs ``sync()`` to completion;
   timed from before the ``Replica`` is opened to the end of ``sync()``. Goal: < 5 s.

Every figure is the median of ``--runs`` runs (latency: percentiles over all
deliveries). The last line printed is one JSON object with every raw run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from server_harness import Device, RunningServer, free_port  # noqa: E402

from asynctui.core import events as ev  # noqa: E402
from asynctui.core.ids import new_id  # noqa: E402
from asynctui.server.log import ServerLog  # noqa: E402

DATA = HERE / ".data"
RATE = "1000000"
"""``serve --rate``: far above any load here, so the limiter never refuses."""
TEXT = (
    "the release checklist is ready for review and the launch plan needs one more pass"
    " before friday so please add your notes"
)


# --- helpers ---------------------------------------------------------------------------


def _status_mb(pid: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def _sockets(pid: int) -> int:
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            pass
    return count


def _raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _start(db: Path) -> RunningServer:
    server = RunningServer(db, None, "--rate", RATE)
    server.start()
    return server


def _join_many(server: RunningServer, prefix: str, count: int) -> list[Device]:
    return [server.join(f"{prefix}{i:03d}") for i in range(count)]


def _pid(server: RunningServer) -> int:
    assert server.process is not None
    return server.process.pid


def _message(device: Device, text: str = TEXT) -> ev.Event:
    return device.event(
        ev.MessagePosted(message=new_id(), thread="T-bench", body=text),
        at=datetime.now(UTC),
    )


def _open_thread(device: Device) -> None:
    """The channel and the thread every benchmark message goes to."""
    _post(
        device,
        [
            device.event(ev.ChannelCreated(channel="c-bench", name="bench")),
            device.event(
                ev.ThreadOpened(
                    thread="T-bench",
                    channel="c-bench",
                    title="Launch plan",
                    message=new_id(),
                    body=TEXT,
                )
            ),  # fmt: skip
        ],
    )


def _post(device: Device, events: list[ev.Event]) -> None:
    body = b'{"events":[' + b",".join(ev.encode(e) for e in events) + b"]}"
    answer = httpx.post(
        f"{device.url}/v1/events",
        content=body,
        headers={**device.headers, "Content-Type": "application/json"},
    )
    answer.raise_for_status()


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _child(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


# --- 1. durable appends/s --------------------------------------------------------------

_LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local devices = DEVICES
local duration = DURATION
local prefix = "PREFIX"
local text = "TEXT"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  n, acked, refused, tail = 0, 0, 0, 0
  first, last, stop_at = nil, 0, nil
end

function request()
  local t = now()
  if first == nil then first = t; stop_at = t + duration end
  if t >= stop_at then return wrk.format("GET", "/v1/none") end
  n = n + 1
  local d = devices[n % #devices + 1]
  local id = string.format("%s%02d%014d", prefix, tid, n)
  local body = '{"events":[{"id":"' .. id .. '","lamport":' .. n .. ',"device":"' ..
    d[3] .. '","author":"' .. d[2] .. '","at":"2026-12-01T10:00:00Z","body":' ..
    '{"kind":"message.posted","message":"' .. id .. 'm","thread":"T-bench","body":"' ..
    text .. '","quote":null}}]}'
  return wrk.format("POST", "/v1/events",
    {["Authorization"] = "Bearer " .. d[1], ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 200 and string.sub(body, 1, 8) == '{"seqs":' then
    acked = acked + 1
    last = now()
  elseif status == 404 then
    tail = tail + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local a, r, t, f, l = 0, 0, 0, math.huge, 0
  for _, th in ipairs(threads) do
    a = a + th:get("acked"); r = r + th:get("refused"); t = t + th:get("tail")
    f = math.min(f, th:get("first")); l = math.max(l, th:get("last"))
  end
  io.write(string.format(
    'BENCH {"acked":%d,"refused":%d,"tail":%d,"seconds":%.6f,"socket_errors":%d}\n',
    a, r, t, l - f,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
"""


def _lua(devices: list[Device], duration: float, prefix: str) -> str:
    table = ",".join(f'{{"{d.token}","{d.member}","{d.device}"}}' for d in devices)
    return (
        _LUA.replace("DEVICES", "{" + table + "}")
        .replace("DURATION", repr(duration))
        .replace("PREFIX", prefix)
        .replace('"TEXT"', json.dumps(TEXT))
    )


def _wrk(url: str, script: Path, connections: int, duration: float) -> dict[str, Any]:
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{int(duration) + 3}s",
         "--timeout", "30s", "-s", str(script), url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    data: dict[str, Any] = json.loads(line[len("BENCH ") :])
    data["rate"] = data["acked"] / data["seconds"]
    return data


def appends_run_server(
    workdir: Path, connections: int, duration: float, run: int
) -> dict[str, Any]:
    db = workdir / f"appends-{run}.db"
    server = _start(db)
    try:
        devices = _join_many(server, "w", 16)
        _open_thread(devices[0])
        script = workdir / f"appends-{run}.lua"
        script.write_text(_lua(devices, duration, f"S{run:02d}{new_id()[:7]}"))
        result = _wrk(server.url, script, connections, duration)
    finally:
        server.stop()
    with sqlite3.connect(db) as check:
        (rows,) = check.execute("SELECT count(*) FROM events").fetchone()
    result["rows"] = int(rows) - 2  # less the channel and the thread
    return result


def appends_run_baseline(
    workdir: Path, connections: int, duration: float, run: int
) -> dict[str, Any]:
    # The same kind of devices as the server's (member ids, device names, tokens).
    devices = [
        Device(new_id(), f"w{i:03d}", f"w{i:03d}-{new_id()[-6:].lower()}", new_id() + new_id(), "")
        for i in range(16)
    ]
    spec = workdir / f"baseline-{run}.json"
    spec.write_text(json.dumps([[d.token, d.member, d.device] for d in devices]))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(_child("--baseline-child", str(port), str(spec)))
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=0.5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the baseline server did not start")
            time.sleep(0.05)
        script = workdir / f"baseline-{run}.lua"
        script.write_text(_lua(devices, duration, f"B{run:02d}{new_id()[:7]}"))
        result = _wrk(url, script, connections, duration)
    finally:
        process.terminate()
        process.wait(timeout=10)
    return result


def baseline_child(port: int, spec: str) -> None:
    """The no-storage baseline: the append endpoint's request handling, minus storage."""
    import logging
    import math

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from asynctui.server import api_types as api
    from asynctui.server.checks import check_events
    from asynctui.server.http import ApiError, Limits, RateLimiter
    from asynctui.server.http import decode_body as _decode
    from asynctui.server.http import json_response as _json
    from asynctui.server.log import Identity, hash_secret

    limits = Limits(rate_per_s=float(RATE), burst=int(float(RATE) * 5))
    limiter = RateLimiter(limits.rate_per_s, limits.burst)
    who: dict[str, Identity] = {}
    for token, member, device in json.loads(Path(spec).read_text()):
        who[hash_secret(token)] = Identity(member, device, "member", device, hash_secret(token))
    counter = 0

    def identify(request: Request) -> Identity:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
            raise ApiError(401, "unauthorized", "send `Authorization: Bearer <token>`")
        identity = who.get(hash_secret(token.strip()))
        if identity is None:
            raise ApiError(401, "unauthorized", "this token is not valid (unknown or revoked)")
        wait = limiter.check(identity.token_hash)
        if wait > 0:
            raise ApiError(429, "rate_limited", "too many requests; slow down",
                           headers={"Retry-After": str(max(1, math.ceil(wait)))})  # fmt: skip
        return identity

    async def body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
            raise ApiError(413, "too_large", f"the body is over {limits.max_body_bytes} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_body_bytes:
                raise ApiError(413, "too_large", "the body is too large")
            chunks.append(chunk)
        return b"".join(chunks)

    async def append(request: Request) -> Response:
        nonlocal counter
        try:
            identity = identify(request)
            ask = _decode(await body(request), api.AppendRequest)
            check_events(ask.events, identity, limits, 2**53 - 1, datetime.now(UTC))
            seqs = list(range(counter + 1, counter + 1 + len(ask.events)))
            counter += len(ask.events)
            return _json(api.AppendResponse(seqs))
        except ApiError as exc:
            return _json(exc.body, exc.status, exc.headers)

    async def healthz(request: Request) -> Response:
        return _json(api.Health(True))

    app = Starlette(
        routes=[Route("/v1/events", append, methods=["POST"]), Route("/healthz", healthz)]
    )
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # The uvicorn settings of `asynctui serve` itself (its guarded protocol,
    # connection cap and deadlines).
    from asynctui.server.guard import ConnectionLimits
    from asynctui.server.serve import run

    with contextlib.suppress(KeyboardInterrupt):
        run(app, "127.0.0.1", port, ConnectionLimits())


def bench_appends(workdir: Path, runs: int, connections: int, duration: float) -> dict[str, Any]:
    servers: list[dict[str, Any]] = []
    baselines: list[dict[str, Any]] = []
    for run in range(runs):  # interleaved, alternating which goes first
        order = [appends_run_server, appends_run_baseline]
        if run % 2:
            order.reverse()
        for job in order:
            result = job(workdir, connections, duration, run)
            (servers if job is appends_run_server else baselines).append(result)
            print(f"  appends run {run} {job.__name__[12:]}: {result['rate']:,.0f}/s", flush=True)
    server_rate = statistics.median(r["rate"] for r in servers)
    baseline_rate = statistics.median(r["rate"] for r in baselines)
    return {
        "connections": connections,
        "duration_s": duration,
        "server_runs": servers,
        "baseline_runs": baselines,
        "server_per_s": round(server_rate),
        "baseline_per_s": round(baseline_rate),
        "ratio": round(server_rate / baseline_rate, 3),
        "rows_match_acked": all(r["rows"] == r["acked"] for r in servers),
        "refused": sum(r["refused"] + r["socket_errors"] for r in servers + baselines),
    }


# --- 2. delivery latency ---------------------------------------------------------------


async def _latency_main(spec: dict[str, Any]) -> dict[str, Any]:
    url = spec["url"]
    token, member, device = spec["poster"]
    poster = httpx.AsyncClient(
        base_url=url,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=60,
    )
    cursor = (await poster.get("/v1/events", params={"after": ""})).json()["cursor"]
    wait_one: Callable[[int, str], Awaitable[tuple[float, Any]]]
    if spec["client"] == "httpx":
        clients = [
            httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {t}"}, timeout=60)
            for t in spec["waiters"]
        ]

        async def wait_httpx(i: int, after: str) -> tuple[float, Any]:
            answer = await clients[i].get("/v1/events", params={"after": after, "wait": 30})
            data = answer.json()
            return time.perf_counter(), data

        wait_one = wait_httpx
    else:
        host, port = urlsplit(url).hostname or "", urlsplit(url).port or 80
        streams = [await asyncio.open_connection(host, port) for _ in spec["waiters"]]

        async def wait_raw(i: int, after: str) -> tuple[float, Any]:
            reader, writer = streams[i]
            writer.write(
                f"GET /v1/events?after={after}&wait=30 HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Authorization: Bearer {spec['waiters'][i]}\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200"), head
            data = json.loads(await reader.readexactly(_content_length(head)))
            return time.perf_counter(), data

        wait_one = wait_raw
    latencies: list[float] = []
    for n in range(spec["warmup"] + spec["rounds"]):
        tasks = [asyncio.create_task(wait_one(i, cursor)) for i in range(len(spec["waiters"]))]
        await asyncio.sleep(0.2)
        event = ev.Event(
            id=new_id(), lamport=n + 1, device=device, author=member, at=datetime.now(UTC),
            body=ev.MessagePosted(message=new_id(), thread="T-bench", body=TEXT),
        )  # fmt: skip
        body = b'{"events":[' + ev.encode(event) + b"]}"
        start = time.perf_counter()
        (await poster.post("/v1/events", content=body)).raise_for_status()
        answers = await asyncio.gather(*tasks)
        for _, data in answers:
            assert [e["id"] for e in data["events"]] == [event.id], data
        cursor = answers[0][1]["cursor"]
        if n >= spec["warmup"]:
            latencies.extend(t - start for t, _ in answers)
    await poster.aclose()
    if spec["client"] == "httpx":
        for client in clients:
            await client.aclose()
    return {"latencies_ms": [round(x * 1000, 3) for x in latencies]}


def _content_length(head: bytes) -> int:
    return next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )


def latency_child(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    print(json.dumps(asyncio.run(_latency_main(spec))))


def bench_latency(workdir: Path, runs: int, rounds: int, waiters: int) -> dict[str, Any]:
    out: dict[str, Any] = {"waiters": waiters, "rounds_per_run": rounds}
    per_run: dict[str, list[dict[str, Any]]] = {"raw": [], "httpx": []}
    everything: dict[str, list[float]] = {"raw": [], "httpx": []}
    for run in range(runs):
        server = _start(workdir / f"latency-{run}.db")
        try:
            devices = _join_many(server, "r", waiters + 1)
            _open_thread(devices[0])
            clients = ["raw", "httpx"] if run % 2 == 0 else ["httpx", "raw"]
            for client in clients:
                spec = workdir / f"latency-{run}-{client}.json"
                spec.write_text(
                    json.dumps(
                        {
                            "url": server.url,
                            "client": client,
                            "waiters": [d.token for d in devices[1:]],
                            "poster": [devices[0].token, devices[0].member, devices[0].device],
                            "rounds": rounds,
                            "warmup": 3,
                        }
                    )
                )
                answer = subprocess.run(
                    _child("--latency-child", str(spec)),
                    check=True, capture_output=True, text=True,
                ).stdout  # fmt: skip
                values = [
                    float(x) for x in json.loads(answer.strip().splitlines()[-1])["latencies_ms"]
                ]
                everything[client].extend(values)
                per_run[client].append(
                    {
                        "deliveries": len(values),
                        "p50_ms": round(_percentile(values, 50), 2),
                        "p99_ms": round(_percentile(values, 99), 2),
                        "max_ms": round(max(values), 2),
                    }
                )
                print(f"  latency run {run} {client}: {per_run[client][-1]}", flush=True)
        finally:
            server.stop()
    for client, values in everything.items():
        out[client] = {
            "runs": per_run[client],
            "deliveries": len(values),
            "p50_ms": round(_percentile(values, 50), 2),
            "p90_ms": round(_percentile(values, 90), 2),
            "p99_ms": round(_percentile(values, 99), 2),
            "max_ms": round(max(values), 2),
        }
    return out


# --- 3. idle waiting connections -------------------------------------------------------


async def _idle_main(spec: dict[str, Any]) -> None:
    host, port = "127.0.0.1", int(spec["port"])
    tokens: list[str] = spec["tokens"]
    count = int(spec["connections"])
    cursor = spec["cursor"]
    streams: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    for start in range(0, count, 250):
        batch = [asyncio.open_connection(host, port) for _ in range(start, min(count, start + 250))]
        streams.extend(await asyncio.gather(*batch))
        for i in range(start, len(streams)):
            _, writer = streams[i]
            writer.write(
                f"GET /v1/events?after={cursor}&wait=60 HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Authorization: Bearer {tokens[i % len(tokens)]}\r\n\r\n".encode()
            )
        await asyncio.sleep(0.05)
    print("HOLDING", len(streams), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)  # the parent has measured
    start_s = time.perf_counter()

    async def answer(reader: asyncio.StreamReader) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        body = json.loads(await reader.readexactly(_content_length(head)))
        return head.startswith(b"HTTP/1.1 200") and len(body["events"]) == 1

    got = await asyncio.gather(*(answer(r) for r, _ in streams))
    print(
        json.dumps({"received": sum(got), "all_received_s": time.perf_counter() - start_s}),
        flush=True,
    )
    for _, writer in streams:
        writer.close()


def idle_child(spec_path: str) -> None:
    _raise_nofile()
    asyncio.run(_idle_main(json.loads(Path(spec_path).read_text())))


def bench_idle(workdir: Path, runs: int, connections: int) -> dict[str, Any]:
    per_run: list[dict[str, Any]] = []
    for run in range(runs):
        server = _start(workdir / f"idle-{run}.db")
        pid = _pid(server)
        try:
            devices = _join_many(server, "i", 100)
            poster = devices[0]
            _open_thread(poster)
            for device in devices[:10]:  # warm: reads, an append, a long-poll that times out
                httpx.get(f"{server.url}/v1/events", params={"after": "", "wait": 0.01},
                          headers=device.headers).raise_for_status()  # fmt: skip
            _post(poster, [_message(poster)])
            cursor = httpx.get(
                f"{server.url}/v1/events", params={"after": ""}, headers=poster.headers
            ).json()["cursor"]
            time.sleep(0.5)
            before = _status_mb(pid)
            sockets_before = _sockets(pid)
            spec = workdir / f"idle-{run}.json"
            spec.write_text(
                json.dumps(
                    {
                        "port": server.port,
                        "tokens": [d.token for d in devices],
                        "connections": connections,
                        "cursor": cursor,
                    }
                )
            )
            child = subprocess.Popen(
                _child("--idle-child", str(spec)),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            assert child.stdin is not None and child.stdout is not None
            opening = time.perf_counter()
            held_line = child.stdout.readline()
            assert held_line.startswith("HOLDING"), held_line
            deadline = time.monotonic() + 30
            while _sockets(pid) - sockets_before < connections and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(2.0)  # every request has reached its wait
            held = _sockets(pid) - sockets_before
            opened_s = time.perf_counter() - opening
            with_them = _status_mb(pid)
            _post(poster, [_message(poster)])
            child.stdin.write("go\n")
            child.stdin.flush()
            final = json.loads(child.stdout.readline())
            child.wait(timeout=60)
            after = _status_mb(pid)
        finally:
            server.stop()
        per_run.append(
            {
                "held": held,
                "open_and_settle_s": round(opened_s, 2),
                "rss_before_mb": round(before["VmRSS"], 1),
                "rss_with_mb": round(with_them["VmRSS"], 1),
                "hwm_with_mb": round(with_them["VmHWM"], 1),
                "hwm_after_fanout_mb": round(after["VmHWM"], 1),
                "received": final["received"],
                "fanout_all_received_s": round(final["all_received_s"], 3),
            }
        )
        print(f"  idle run {run}: {per_run[-1]}", flush=True)
    return {
        "connections": connections,
        "runs": per_run,
        "rss_before_mb": statistics.median(r["rss_before_mb"] for r in per_run),
        "rss_with_mb": statistics.median(r["rss_with_mb"] for r in per_run),
        "hwm_with_mb": statistics.median(r["hwm_with_mb"] for r in per_run),
        "hwm_after_fanout_mb": statistics.median(r["hwm_after_fanout_mb"] for r in per_run),
        "all_held_and_received": all(
            r["held"] >= connections and r["received"] == connections for r in per_run
        ),
    }


# --- 4. first sync of a new client -----------------------------------------------------


def server_db_with(total: int) -> Path:
    """A server database of ``total`` events by 20 members whose devices joined."""
    import bench_fold

    path = DATA / f"server-{total}.db"
    if path.exists():
        return path
    tmp = DATA / f"server-{total}.tmp.db"
    DATA.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    store = ServerLog(tmp)
    for member in bench_fold.MEMBERS:
        store.ensure_member(member, member, member.upper())
        store.join(store.invite(member), f"{member}-laptop")
    batch: list[ev.Event] = []
    for event in bench_fold.history(total):
        batch.append(event)
        if len(batch) == 5_000:
            store.append_many([batch])
            batch = []
    if batch:
        store.append_many([batch])
    assert store.last_seq() == total
    store._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    tmp.rename(path)
    return path


def bench_first_sync(workdir: Path, runs: int, total: int) -> dict[str, Any]:
    from asynctui.client.replica import Replica
    from asynctui.client.workspace import Workspace
    from asynctui.core.clock import FixedClock
    from asynctui.stores.server import ServerStore

    source = server_db_with(total)
    db = workdir / "sync.db"
    shutil.copyfile(source, db)
    server = _start(db)
    times: list[float] = []
    reads: list[float] = []
    try:
        for run in range(runs):
            reader = server.join(f"reader{run}")
            path = workdir / f"replica-{run}.db"
            start = time.perf_counter()
            replica = Replica(path)
            workspace = Workspace(
                replica,
                ServerStore(server.url, reader.token, reader.device),
                FixedClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
                reader.member,
                reader.device,
            )
            report = workspace.sync()
            times.append(time.perf_counter() - start)
            assert report.received == total and not report.offline, report
            replica.close()
            # The same reads alone, no fold: how much of it is the server and the wire.
            store = ServerStore(server.url, reader.token, reader.device)
            start = time.perf_counter()
            result = store.read_after("")
            reads.append(time.perf_counter() - start)
            assert len(result.events) == total
            store.close()
            print(f"  first sync run {run}: {times[-1]:.2f} s (reads alone {reads[-1]:.2f} s)")
    finally:
        server.stop()
    return {
        "events": total,
        "sync_s": [round(x, 3) for x in times],
        "sync_median_s": round(statistics.median(times), 3),
        "reads_alone_s": [round(x, 3) for x in reads],
        "reads_alone_median_s": round(statistics.median(reads), 3),
    }


# --- main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--waiters", type=int, default=100)
    parser.add_argument("--idle", type=int, default=5_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--only", default="appends,latency,idle,sync")
    parser.add_argument("--baseline-child", nargs=2, metavar=("PORT", "SPEC"))
    parser.add_argument("--latency-child", metavar="SPEC")
    parser.add_argument("--idle-child", metavar="SPEC")
    args = parser.parse_args()
    if args.baseline_child:
        baseline_child(int(args.baseline_child[0]), args.baseline_child[1])
        return
    if args.latency_child:
        latency_child(args.latency_child)
        return
    if args.idle_child:
        idle_child(args.idle_child)
        return

    _raise_nofile()
    only = set(args.only.split(","))
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "load_before": os.getloadavg(),
    }
    DATA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        workdir = Path(tmp)
        if "appends" in only:
            result["appends"] = a = bench_appends(workdir, args.runs, args.connections,
                                                  args.duration)  # fmt: skip
            print(
                f"durable appends: {a['server_per_s']:,}/s; no-storage baseline"
                f" {a['baseline_per_s']:,}/s; ratio {a['ratio']:.2f} (goal >= 0.7);"
                f" rows == acknowledged: {a['rows_match_acked']}",
                flush=True,
            )
            result["load_after_appends"] = os.getloadavg()
        if "latency" in only:
            result["latency"] = lat = bench_latency(
                workdir, max(1, args.runs // 2 + 1), args.rounds, args.waiters
            )
            for client in ("raw", "httpx"):
                got = lat[client]
                print(
                    f"delivery to {args.waiters} waiters ({client} clients): p50 {got['p50_ms']}"
                    f" ms, p99 {got['p99_ms']} ms over {got['deliveries']:,} deliveries"
                    " (goal p99 < 50)",
                    flush=True,
                )
            result["load_after_latency"] = os.getloadavg()
        if "idle" in only:
            result["idle"] = idle = bench_idle(workdir, max(1, args.runs // 2 + 1), args.idle)
            print(
                f"{args.idle:,} waiting connections: server VmRSS {idle['rss_before_mb']:.0f} MB"
                f" -> {idle['rss_with_mb']:.0f} MB (VmHWM {idle['hwm_with_mb']:.0f} MB; goal"
                f" < 500); all held and received: {idle['all_held_and_received']}",
                flush=True,
            )
            result["load_after_idle"] = os.getloadavg()
        if "sync" in only:
            result["first_sync"] = fs = bench_first_sync(workdir, args.runs, args.events)
            print(
                f"first sync of {args.events:,} events: median {fs['sync_median_s']} s"
                f" (goal < 5); the reads alone {fs['reads_alone_median_s']} s",
                flush=True,
            )
            result["load_after_sync"] = os.getloadavg()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
