"""Joining a workspace and keeping the replica: init, sync, rebuild, export, outbox."""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asynctui import paths
from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import short, table
from asynctui.client.commands import Refused
from asynctui.client.commands import channels as channel_commands
from asynctui.client.export import ExportError, export_lines
from asynctui.client.local_zone import local_zone
from asynctui.client.outbox import OutboxError, describe
from asynctui.client.replica import Replica
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.config import Config, ConfigError, save
from asynctui.config import load as load_config
from asynctui.core import names
from asynctui.core.events import HoursSet, ProfileSet
from asynctui.core.hours import Hours
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line
from asynctui.stores.base import StoreError
from asynctui.stores.folder import FolderStore

JOIN_CODE_ENV = "ASYNCTUI_JOIN_CODE"
_CODE_WAYS = (
    "type it at the prompt, pipe it in (`asynctui init --server URL < code-file`),"
    f" or set {JOIN_CODE_ENV}"
)


def check_tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(
            f"unknown time zone {tz!r} (use an IANA name such as Europe/Berlin)"
        ) from None
    return tz


def choose_tz(ctx: Context, tz: str | None) -> tuple[str, str]:
    """``--tz``, or this machine's zone; and how to say which was taken."""
    if tz is not None:
        return check_tz(tz), ""
    found = local_zone()
    if found.source:
        return found.name, f"Time zone {found.name}: this machine's (from {found.source}).\n"
    ctx.warn(
        "this machine names no time zone (no TZ, /etc/localtime or /etc/timezone):"
        " UTC taken; give yours with --tz ZONE, e.g. --tz Europe/Berlin"
    )
    return found.name, ""


def read_join_code() -> str:
    """The join code, never from the command line (where `ps` and shell history
    keep it): ASYNCTUI_JOIN_CODE, else a prompt that does not echo on a terminal,
    else the first line of standard input."""
    code = os.environ.get(JOIN_CODE_ENV, "")
    if not code.strip():
        try:
            if sys.stdin is not None and sys.stdin.isatty():
                code = getpass.getpass("Join code (from the server's admin): ")
            elif sys.stdin is not None:
                code = sys.stdin.readline()
        except (EOFError, OSError):
            code = ""
    if not code.strip():
        raise CliError(f"no join code given: {_CODE_WAYS}")
    return code.strip()


def _refused(ctx: Context, report: SyncReport) -> None:
    """Joining is not done if the store refused my profile: say which and why."""
    if report.refused:
        where = "server" if ctx.args.server else "folder"
        raise CliError(f"the {where} refused {report.refused[0]}; see `asynctui outbox`")


def check_handle(handle: str) -> str:
    try:
        return names.check_handle(handle)
    except names.BadName as exc:
        raise CliError(str(exc)) from None


def check_device(device: str) -> str:
    try:
        return names.check_device(device)
    except names.BadName as exc:
        raise CliError(str(exc)) from None


def join(
    ctx: Context,
    folder: Path,
    name: str,
    handle: str,
    tz: str,
    device: str | None,
    existing: bool,
    replica_path: Path,
    tz_note: str = "",
) -> Config:
    """Create or join the workspace in ``folder`` and write the config for it."""
    name = " ".join(name.split())
    if not name:
        raise CliError("--name must not be empty")
    handle, tz = check_handle(handle), check_tz(tz)
    device = check_device(
        device or f"{handle}-{socket.gethostname().split('.')[0]}-{new_id()[-4:].lower()}"
    )
    try:
        store = FolderStore.create(folder, device)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    replica = _replica_for(str(folder), replica_path)
    workspace = Workspace(replica, store, ctx.clock, member="", device=device)
    report = workspace.sync()
    if report.offline:
        raise CliError(report.offline)
    for warning in report.warnings:
        ctx.warn(warning)
    owner = workspace.team().by_handle(handle)
    if owner is not None and not existing:
        raise CliError(
            f"@{handle} is taken by {owner.name}; pick another handle, or add --existing"
            " if that is you on another device"
        )
    workspace.member = owner.id if owner is not None else new_id()
    created = not report.received
    workspace.emit(ProfileSet(name=name, handle=handle, tz=tz))
    if owner is None:
        workspace.emit(HoursSet(hours=Hours()))
    general = _first_channel(workspace)
    report = workspace.sync()
    if report.offline:
        raise CliError(report.offline)
    _refused(ctx, report)
    config = Config(
        folder=str(folder),
        member=workspace.member,
        device=device,
        handle=handle,
        replica=str(replica_path),
    )
    save(config, ctx.config_path)
    verb = "Created" if created else "Joined"
    ctx.out.write(
        f"{verb} the workspace in {folder} as {name} (@{handle}, {tz}) on device {device}.\n"
        f"{tz_note}"
        "Working hours are Mon-Fri 09:00-17:00 until you set yours: `asynctui hours --help`.\n"
        f"{general}"
    )
    return config


def join_server(
    ctx: Context,
    url: str,
    code: str,
    tz: str,
    device: str | None,
    replica_path: Path,
    current: Config | None,
    tz_note: str = "",
) -> Config:
    """Trade a join code for this device's token on the server at ``url``, write the
    config for it, and send my profile."""
    # httpx is imported only by those who use a server: it costs start-up time.
    from asynctui.stores.server import ServerStore, check_url, is_plain_http_off_this_machine
    from asynctui.stores.server import join as join_code

    tz = check_tz(tz)
    try:
        url = check_url(url)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if not code.strip():
        raise CliError(f"no join code given: {_CODE_WAYS}")
    if is_plain_http_off_this_machine(url):
        ctx.warn(
            f"{url} is plain http: the token crosses the network unencrypted;"
            " use https:// unless this network is trusted"
        )
    if device is None and current is not None and current.server == url:
        # Joining again (a revoked token, a new code): the same device, so its
        # queued events still carry the right device name.
        device = current.device
    device = check_device(device or f"{socket.gethostname().split('.')[0]}-{new_id()[-4:].lower()}")
    try:
        joined = join_code(url, code, device)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    config = Config(
        server=url,
        token=joined.token,
        member=joined.member,
        device=device,
        handle=joined.handle,
        replica=str(replica_path),
    )
    # At once: the code is spent and the token is shown only this once.
    save(config, ctx.config_path)
    name = " ".join(joined.name.split()) or joined.handle
    store = ServerStore(url, joined.token, device)
    replica = _replica_for(f"{url} {joined.workspace}", replica_path)
    workspace = Workspace(replica, store, ctx.clock, member=joined.member, device=device)
    report = workspace.sync()
    known = not report.offline and joined.member in workspace.team().members
    workspace.emit(ProfileSet(name=name, handle=joined.handle, tz=tz))
    if not known:
        workspace.emit(HoursSet(hours=Hours()))
    # Offline, the channels are not known: #general waits for a join that can see them.
    general = "" if report.offline else _first_channel(workspace)
    if not report.offline:
        report = workspace.sync()
    for warning in report.warnings:
        ctx.warn(warning)
    shown = clean_line(f"{name} (@{joined.handle}, {tz})")
    ctx.out.write(f"Joined the workspace on {url} as {shown} on device {clean_line(device)}.\n")
    ctx.out.write(tz_note + general)
    _refused(ctx, report)
    if report.offline:
        ctx.warn(
            f"offline: {report.offline}; your profile is queued and sent on the next"
            " command that can reach the server"
        )
    if not known:
        ctx.out.write(
            "Working hours are Mon-Fri 09:00-17:00 until you set yours: `asynctui hours --help`.\n"
        )
    return config


def _first_channel(workspace: Workspace) -> str:
    """#general for a new workspace (none if it has a channel); what to say of it."""
    try:
        done = channel_commands.first_channel(workspace)
    except Refused:
        return ""
    return "" if done is None else f"{done.said[:-1]}: new threads go there.\n"


def _where(config: Config) -> str:
    return config.server or config.folder


def _replica_for(origin: str, path: Path) -> Replica:
    """The replica of the workspace at ``origin`` (its folder, or its server and
    workspace id); one of another workspace is moved aside, never deleted."""
    replica = Replica(path)
    known = replica.get_meta("folder")
    if known is not None and known != origin:
        replica.close()
        aside = path.with_name(f"{path.stem}-{new_id()[-6:].lower()}.old{path.suffix}")
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                extra.rename(aside.with_name(aside.name + suffix))
        replica = Replica(path)
    replica.set_meta("folder", origin)
    return replica


def cmd_init(ctx: Context) -> int:
    args = ctx.args
    try:
        current = load_config(ctx.config_path)
    except ConfigError:
        current = None
    if args.code is not None:
        raise CliError(
            "a join code on the command line is seen in `ps` and kept in shell history:"
            f" {_CODE_WAYS}"
        )
    if args.server:
        if args.name or args.handle or args.existing:
            raise CliError(
                "--name, --handle and --existing go with --folder: on a server, your name"
                " and handle come with the join code"
            )
        if current is not None and current.server != args.server.strip().rstrip("/"):
            if not args.force:
                raise CliError(
                    f"this device is set up for {_where(current)}; add --force to switch"
                    f" to {args.server}"
                )
        tz = check_tz(args.tz) if args.tz is not None else None
        code = read_join_code()
        tz, note = choose_tz(ctx, tz)
        replica = paths.replica_file(ctx.config_path)
        join_server(ctx, args.server, code, tz, args.device, replica, current, note)
        return 0
    if not args.name or not args.handle:
        raise CliError("--folder needs --name and --handle")
    folder = Path(args.folder).expanduser().resolve()
    if current is not None and _where(current) != str(folder) and not args.force:
        raise CliError(
            f"this device is set up for {_where(current)}; add --force to switch to {folder}"
        )
    tz, note = choose_tz(ctx, args.tz)
    join(
        ctx,
        folder,
        args.name,
        args.handle,
        tz,
        args.device,
        args.existing,
        paths.replica_file(ctx.config_path),
        note,
    )
    return 0


def cmd_sync(ctx: Context) -> int:
    workspace = ctx.workspace(strict=True)
    report = ctx._report
    outbox = workspace.replica.outbox()
    queued = sum(1 for o in outbox if o.state == "pending")
    refused = len(outbox) - queued
    received = report.received if report else 0
    sent = report.sent if report else 0
    if ctx.args.json:
        ctx.write_json({"sent": sent, "received": received, "queued": queued, "refused": refused})
        return 0
    ctx.out.write(f"Synced: {sent} sent, {received} received, {queued} queued.\n")
    if refused:
        # The one place, with `outbox`, that reminds of refusals older than this command.
        ctx.out.write(
            f"{refused} event(s) refused by the {ctx._where} stay on this device only:"
            " see `asynctui outbox`.\n"
        )
    return 0


def cmd_rebuild(ctx: Context) -> int:
    config = ctx.config()
    replica = Replica(ctx.replica_path(config))
    replica.rebuild()
    replica.close()
    ctx.workspace()
    received = ctx._report.received if ctx._report else 0
    source = "the journals" if ctx._where == "folder" else "the server"
    ctx.out.write(f"Rebuilt the replica from {source}: {received} events.\n")
    return 0


def cmd_export(ctx: Context) -> int:
    # The log is read from the store: an export needs it, a warning is not enough.
    workspace = ctx.workspace(strict=True)
    lines = export_lines(workspace)
    try:
        # The whole log is read before the first line comes: nothing is
        # written when it cannot be read.
        first = next(lines, None)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    out = ctx.out
    target = None
    if ctx.args.output and ctx.args.output != "-":
        target = open(ctx.args.output, "w", encoding="utf-8")  # noqa: SIM115
        out = target
    try:
        out.write('{"format": "asynctui-export", "version": 1, "events": [\n')
        if first is not None:
            out.write(first.decode())
        for line in lines:
            out.write(",\n" + line.decode())
        out.write("\n]}\n")
    finally:
        lines.close()
        if target is not None:
            target.close()
    return 0


def cmd_outbox(ctx: Context) -> int:
    if ctx.args.discard is not None:
        return _discard(ctx)
    if ctx.args.force:
        raise CliError("--force goes with --discard ID")
    workspace = ctx.workspace()
    items = workspace.replica.outbox()
    if ctx.args.json:
        ctx.write_json(
            [
                {
                    "id": o.event.id,
                    "kind": o.event.kind,
                    "what": describe(o.event),
                    "state": "refused" if o.state == "failed" else o.state,
                    "error": o.error,
                }
                for o in items
            ]
        )
        return 0
    if not items:
        ctx.out.write(f"The outbox is empty: everything has reached the {ctx._where}.\n")
        return 0
    rows = [
        [
            short(o.event.id),
            "refused" if o.state == "failed" else "pending",
            describe(o.event, with_id=False),
            o.error if o.state == "failed" else "waiting to be sent",
        ]
        for o in items
    ]
    table(rows, ctx.out)
    if any(o.state == "failed" for o in items):
        ctx.out.write(
            f"Refused events are for good and on this device only (the {ctx._where} never"
            " took them): `asynctui outbox --discard ID` drops one and what it did here.\n"
        )
    return 0


def _discard(ctx: Context) -> int:
    # Before anything is sent: a pending event discarded with --force must not
    # reach the store first.
    workspace = ctx.workspace(sync=False)
    try:
        report = workspace.discard(ctx.args.discard, force=ctx.args.force)
    except OutboxError as exc:
        raise CliError(str(exc)) from None
    ctx.out.write(
        f"Discarded {describe(report.discarded[0])}; the replica was read again from the"
        f" {ctx._where} without it ({report.received} events).\n"
    )
    # Warnings, the others refused meanwhile, and a store gone part way.
    ctx.show(report)
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of setting up: init, sync, rebuild, export, outbox."""
    add = adder(sub, common)
    p = add(
        "init",
        cmd_init,
        "create or join a workspace in a shared folder, or join one on a server",
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", help="the shared folder (Dropbox, Syncthing, NFS...)")
    where.add_argument(
        "--server",
        metavar="URL",
        help="the sync server, e.g. https://chat.example.com; the join code its admin gave"
        " you is asked for, read from standard input, or taken from ASYNCTUI_JOIN_CODE",
    )
    # Refused with the reason and the three ways to give a code: ps and shell
    # history would keep it.
    p.add_argument("--code", help=argparse.SUPPRESS)
    p.add_argument("--name", help='with --folder: your name, e.g. "Ana Ruiz"')
    p.add_argument("--handle", help="with --folder: your @handle, e.g. ana")
    p.add_argument("--tz", help="your IANA time zone, e.g. Europe/Berlin (default: this machine's)")
    p.add_argument("--device", help="a name for this device (default: handle-hostname-xxxx)")
    p.add_argument(
        "--existing",
        action="store_true",
        help="the handle is already yours: join from another device",
    )
    p.add_argument(
        "--force", action="store_true", help="switch this device to another folder or server"
    )

    p = add("sync", cmd_sync, "send queued events and fetch new ones")
    p = add("rebuild", cmd_rebuild, "rebuild the replica from the folder or server")
    p = add("export", cmd_export, "export every event of the workspace as JSON")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p = add(
        "outbox",
        cmd_outbox,
        "show my events not yet in the folder or on the server, and those it refused",
    )
    p.add_argument(
        "--discard",
        metavar="ID",
        help="drop a refused event (its id or a unique ending) and what it did here",
    )
    p.add_argument(
        "--force", action="store_true", help="with --discard: drop it even if still pending"
    )
