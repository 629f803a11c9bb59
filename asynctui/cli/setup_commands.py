"""Joining a workspace and keeping the replica: init, sync, rebuild, export, outbox."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asynctui import paths
from asynctui.cli.context import CliError, Context
from asynctui.cli.output import short, table, write_json
from asynctui.client.export import ExportError, export_lines
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.config import Config, ConfigError, save
from asynctui.config import load as load_config
from asynctui.core.events import HoursSet, ProfileSet
from asynctui.core.hours import Hours
from asynctui.core.ids import new_id
from asynctui.stores.base import StoreError
from asynctui.stores.folder import FolderStore

_HANDLE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")


def check_tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(
            f"unknown time zone {tz!r} (use an IANA name such as Europe/Berlin)"
        ) from None
    return tz


def check_handle(handle: str) -> str:
    handle = handle.lstrip("@").lower()
    if not _HANDLE.match(handle):
        raise CliError(
            f"bad handle {handle!r}: use 1-32 lowercase letters, digits, '.', '_' or '-'"
        )
    return handle


def join(
    ctx: Context,
    folder: Path,
    name: str,
    handle: str,
    tz: str,
    device: str | None,
    existing: bool,
    replica_path: Path,
) -> Config:
    """Create or join the workspace in ``folder`` and write the config for it."""
    name = " ".join(name.split())
    if not name:
        raise CliError("--name must not be empty")
    handle, tz = check_handle(handle), check_tz(tz)
    device = device or f"{handle}-{socket.gethostname().split('.')[0]}-{new_id()[-4:].lower()}"
    try:
        store = FolderStore.create(folder, device)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    replica = _replica_for(folder, replica_path)
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
    report = workspace.sync()
    if report.offline:
        raise CliError(report.offline)
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
        "Working hours are Mon-Fri 09:00-17:00 until you set yours: `asynctui hours --help`.\n"
    )
    return config


def _replica_for(folder: Path, path: Path) -> Replica:
    """The replica of ``folder``; one of another workspace is moved aside, never deleted."""
    replica = Replica(path)
    known = replica.get_meta("folder")
    if known is not None and known != str(folder):
        replica.close()
        aside = path.with_name(f"{path.stem}-{new_id()[-6:].lower()}.old{path.suffix}")
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                extra.rename(aside.with_name(aside.name + suffix))
        replica = Replica(path)
    replica.set_meta("folder", str(folder))
    return replica


def cmd_init(ctx: Context) -> int:
    args = ctx.args
    folder = Path(args.folder).expanduser().resolve()
    try:
        current = load_config(ctx.config_path)
    except ConfigError:
        current = None
    if current is not None and Path(current.folder) != folder and not args.force:
        raise CliError(
            f"this device is set up for {current.folder}; add --force to switch to {folder}"
        )
    join(
        ctx,
        folder,
        args.name,
        args.handle,
        args.tz,
        args.device,
        args.existing,
        paths.replica_file(),
    )
    return 0


def cmd_sync(ctx: Context) -> int:
    workspace = ctx.workspace(strict=True)
    report = ctx._report
    queued = len(workspace.replica.outbox("pending"))
    received = report.received if report else 0
    sent = report.sent if report else 0
    if ctx.args.json:
        write_json({"sent": sent, "received": received, "queued": queued}, ctx.out)
    else:
        ctx.out.write(f"Synced: {sent} sent, {received} received, {queued} queued.\n")
    return 0


def cmd_rebuild(ctx: Context) -> int:
    config = ctx.config()
    replica_path = Path(config.replica) if config.replica else paths.replica_file()
    replica = Replica(replica_path)
    replica.rebuild()
    replica.close()
    ctx.workspace()
    received = ctx._report.received if ctx._report else 0
    ctx.out.write(f"Rebuilt the replica from the journals: {received} events.\n")
    return 0


def cmd_export(ctx: Context) -> int:
    # The log is read from the folder: an export needs it, a warning is not enough.
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
    workspace = ctx.workspace()
    items = workspace.replica.outbox()
    if ctx.args.json:
        write_json(
            [
                {"id": o.event.id, "kind": o.event.kind, "state": o.state, "error": o.error}
                for o in items
            ],
            ctx.out,
        )
        return 0
    if not items:
        ctx.out.write("The outbox is empty: everything has reached the folder.\n")
        return 0
    table([[short(o.event.id), o.event.kind, o.state, o.error] for o in items], ctx.out)
    return 0
