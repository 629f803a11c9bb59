"""Running the sync server and managing who may use it: serve, admin ...

The ``admin`` commands work on the server's database file directly, so they
are for the operator on the server's machine; an admin elsewhere uses the
HTTP API (``/v1/admin/...``) with an admin token.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Command, Sub, adder, group
from asynctui.cli.output import table
from asynctui.core.claims import Counters, plausible
from asynctui.core.events import Event, ProfileSet
from asynctui.server.log import JoinError, LogError, ServerLog
from asynctui.stores.base import StoreError
from asynctui.stores.folder import FolderStore

__all__ = ["cmd_admin_add", "cmd_admin_backup", "cmd_admin_create", "cmd_admin_devices",
           "cmd_admin_export", "cmd_admin_import", "cmd_admin_invite", "cmd_admin_revoke",
           "cmd_serve"]  # fmt: skip

_IMPORT_BATCH = 5_000


def _open(ctx: Context, create: bool = False) -> ServerLog:
    path = Path(ctx.args.db).expanduser()
    try:
        return ServerLog(path, create=create)
    except LogError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot open {path}: {exc.strerror or exc}") from None


def cmd_serve(ctx: Context) -> int:
    from asynctui.server import serve
    from asynctui.server.app import Limits, create_app
    from asynctui.server.guard import ConnectionLimits

    args = ctx.args
    if not 0 < args.rate <= 1_000_000:
        raise CliError("--rate must be a number of requests per second above 0")
    if not 0 < args.failure_rate <= 1_000_000:
        raise CliError("--failure-rate must be a number of failures a minute above 0")
    if not 0 < args.max_connections <= 1_000_000:
        raise CliError("--max-connections must be a whole number above 0")
    for name in ("header_timeout", "body_timeout"):
        if not 0 < getattr(args, name) <= 3600:
            raise CliError(f"--{name.replace('_', '-')} must be between 0 and 3600 seconds")
    path = Path(args.db).expanduser()
    try:
        # Held (not closed) until this process ends: one server per database.
        lock = serve.open_database(path, create=args.create)
    except LogError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot open {path}: {exc.strerror or exc}") from None
    # Find out now, in one line, whether the address can be had.
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((args.host, args.port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CliError(f"port {args.port} on {args.host} is already in use") from None
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    finally:
        probe.close()
    limits = Limits(
        rate_per_s=args.rate,
        burst=max(1, int(args.rate * 5)),
        failures_per_minute=args.failure_rate,
        failure_burst=max(1, int(args.failure_rate * 2)),
    )
    connections = ConnectionLimits(
        max_connections=args.max_connections,
        head_timeout_s=args.header_timeout,
        body_timeout_s=args.body_timeout,
    )
    try:
        app = create_app(path, limits, ctx.clock)
    except LogError as exc:
        raise CliError(str(exc)) from None
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ctx.err.write(
        f"asynctui: serving workspace {app.state.log.workspace} ({args.db})"
        f" on http://{args.host}:{args.port}\n"
    )
    ctx.err.flush()
    try:
        serve.run(app, args.host, args.port, connections, args.forwarded_allow_ips)
    except KeyboardInterrupt:
        # uvicorn has shut down cleanly (requests finished, the writer stopped)
        # and hands the Ctrl+C back: a stop asked for is a success.
        pass
    finally:
        os.close(lock)
    ctx.err.write("asynctui: server stopped\n")
    return 0


def cmd_admin_create(ctx: Context) -> int:
    from asynctui.server import dbfile

    path = Path(ctx.args.db).expanduser()
    try:
        workspace = dbfile.create(path)
    except LogError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot create {path}: {exc.strerror or exc}") from None
    ctx.out.write(
        f"Created workspace {workspace} in {path}.\n"
        f"Next: asynctui admin add-member HANDLE --name NAME --admin --db {path}\n"
    )
    return 0


def cmd_admin_backup(ctx: Context) -> int:
    from asynctui.server import dbfile

    source = Path(ctx.args.db).expanduser()
    target = Path(ctx.args.to).expanduser()
    try:
        workspace, events = dbfile.backup(source, target, force=ctx.args.force)
    except LogError as exc:
        raise CliError(str(exc)) from None
    if ctx.args.json:
        ctx.write_json({"workspace": workspace, "events": events, "file": str(target)})
        return 0
    ctx.out.write(f"Backed up workspace {workspace} ({events} events) to {target}.\n")
    return 0


def cmd_admin_add(ctx: Context) -> int:
    store = _open(ctx, create=True)
    try:
        member, code = store.add_member(ctx.args.handle, ctx.args.name, admin=ctx.args.admin)
    except JoinError as exc:
        raise CliError(str(exc)) from None
    _print_code(ctx, member, ctx.args.handle.lstrip("@"), code)
    return 0


def cmd_admin_invite(ctx: Context) -> int:
    store = _open(ctx)
    try:
        code = store.invite(ctx.args.handle)
        member = store.member_id(ctx.args.handle)
    except JoinError as exc:
        raise CliError(str(exc)) from None
    _print_code(ctx, member, ctx.args.handle.lstrip("@"), code)
    return 0


def _print_code(ctx: Context, member: str, handle: str, code: str) -> None:
    if ctx.args.json:
        ctx.write_json({"member": member, "handle": handle, "code": code})
        return
    ctx.out.write(
        f"Join code for @{handle} (one use, valid 7 days):\n\n    {code}\n\n"
        "On their device: asynctui init --server URL (it asks for this code)\n"
    )


def cmd_admin_revoke(ctx: Context) -> int:
    store = _open(ctx)
    if bool(ctx.args.device) == bool(ctx.args.member):
        raise CliError("give either --device NAME or --member @handle")
    count = store.revoke(device=ctx.args.device, handle=ctx.args.member)
    if count == 0:
        raise CliError("no active token matched; see `asynctui admin devices`")
    ctx.out.write(f"Revoked {count} token(s); they stop working at once.\n")
    return 0


def cmd_admin_devices(ctx: Context) -> int:
    store = _open(ctx)
    rows = store.devices()
    if ctx.args.json:
        ctx.write_json(rows)
        return 0
    table(
        [
            [
                "@" + str(r["handle"]),
                str(r["role"]),
                str(r["device"] or "-"),
                "revoked" if r["revoked_at"] else ("active" if r["device"] else "no device yet"),
            ]
            for r in rows
        ],
        ctx.out,
    )
    return 0


def cmd_admin_import(ctx: Context) -> int:
    """Move a team from a shared folder to the server, every event kept.

    Journals come in no causal order (a reply may be read before its thread),
    so a first pass learns every channel, thread, message and ask, and the
    second stores the events, each in the scope of the channel it belongs to.
    """
    store = _open(ctx, create=True)
    folder = Path(ctx.args.folder).expanduser()
    profiles: dict[str, ProfileSet] = {}
    for events in _journal_batches(ctx, folder, warn=True):
        store.register(events)
        for event in events:
            if isinstance(event.body, ProfileSet):
                profiles[event.author] = event.body
    before, read = store.last_seq(), 0
    for events in _journal_batches(ctx, folder, warn=False):
        store.append_many([events])
        read += len(events)
    added = store.last_seq() - before
    for member, profile in profiles.items():
        store.ensure_member(member, profile.handle, profile.name)
    ctx.out.write(
        f"Imported {read} events from the folder ({added} new, {read - added} already here);"
        f" {len(profiles)} member(s) known. Give each a join code: asynctui admin invite"
        " @handle\n"
    )
    return 0


def _journal_batches(ctx: Context, folder: Path, warn: bool) -> Iterator[list[Event]]:
    """The folder's events, less what no honest client makes (skipped, as every
    folder reader skips them: a forged event imported would be the server's)."""
    reader = FolderStore(folder, "server-import")
    counters = Counters()
    cursor = ""
    while True:
        try:
            result = reader.read_after(cursor, limit=_IMPORT_BATCH)
        except StoreError as exc:
            raise CliError(str(exc)) from None
        events, skipped = plausible(result.events, counters)
        if warn:
            for warning in [*result.warnings, *skipped]:
                ctx.warn(warning)
        if result.cursor == cursor and not result.events:
            return
        yield events
        cursor = result.cursor


def cmd_admin_export(ctx: Context) -> int:
    """Write the server's log into a shared folder: one journal per device."""
    store = _open(ctx)
    target = Path(ctx.args.folder).expanduser()
    writers: dict[str, FolderStore] = {}
    after, count = 0, 0
    from asynctui.core.events import decode

    while True:
        rows, _ = store.read(after, _IMPORT_BATCH)
        if not rows:
            break
        by_device: dict[str, list] = {}  # type: ignore[type-arg]
        for _, _, line in rows:
            event = decode(line)
            by_device.setdefault(event.device, []).append(event)
        for device, events in by_device.items():
            if device not in writers:
                try:
                    writers[device] = FolderStore.create(target, device)
                except StoreError as exc:
                    raise CliError(str(exc)) from None
            writers[device].append(events)
        count += len(rows)
        after = rows[-1][0]
    ctx.out.write(f"Exported {count} events into {target} ({len(writers)} journals).\n")
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of the sync server: serve, and admin on its database file."""
    add = adder(sub, common)
    p = add("serve", cmd_serve, "run the sync server for a team (SQLite, HTTP)")
    p.add_argument("--db", required=True, help="the workspace's database file")
    p.add_argument(
        "--create", action="store_true", help="make the database if it is missing (the first run)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8765, help="port to listen on")
    # The server's limits: (option, type, default, metavar, help).
    for option, kind, default, metavar, words in (
        ("--rate", float, 20.0, None,
         "requests a second each device may make, sustained (bursts of 5x)"),
        ("--failure-rate", float, 10.0, "PER_MINUTE",
         "failed joins and unknown tokens a minute each client address may make (bursts of 2x)"),
        ("--max-connections", int, 10_000, "N",
         "open connections served at once (each long-poll holds one)"),
        ("--header-timeout", float, 10.0, "SECONDS",
         "time a connection has to send a whole request head"),
        ("--body-timeout", float, 30.0, "SECONDS",
         "time a request has to send its whole body (then 408)"),
    ):  # fmt: skip
        p.add_argument(option, type=kind, default=default, metavar=metavar, help=words)
    p.add_argument(
        "--forwarded-allow-ips", metavar="ADDRESSES",
        help="the reverse proxies (comma-separated addresses) whose X-Forwarded-For is believed",
    )  # fmt: skip

    admin = group(
        sub, common, "admin",
        "manage a sync server's members and devices (on the server's machine)",
        description="Manage a sync server's members and devices, on its database file.",
    )  # fmt: skip

    def act(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = admin(name, func, help)
        p.add_argument("--db", required=True, help="the server's database file")
        return p

    act("create", cmd_admin_create, "make a new, empty workspace database")
    p = act("backup", cmd_admin_backup, "a consistent copy of the database, while it runs")
    p.add_argument("--to", required=True, metavar="FILE", help="the copy to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p = act("add-member", cmd_admin_add, "add a member and print a one-time join code")
    p.add_argument("handle", help="their @handle")
    p.add_argument("--name", required=True, help='their name, e.g. "Bob Stone"')
    p.add_argument("--admin", action="store_true", help="they may manage members too")
    p = act("invite", cmd_admin_invite, "a join code for another device of a member")
    p.add_argument("handle")
    p = act("revoke", cmd_admin_revoke, "end a device's access (or all of a member's)")
    p.add_argument("--device", help="the device name (see `admin devices`)")
    p.add_argument("--member", help="every device of this @handle")
    act("devices", cmd_admin_devices, "members, their devices and tokens")
    p = act("import", cmd_admin_import, "move a team's shared folder into the server")
    p.add_argument("--folder", required=True)
    p = act("export", cmd_admin_export, "write the server's log into a shared folder")
    p.add_argument("--folder", required=True)
