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
from asynctui.core.text import clean_line
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


def join_server(
    ctx: Context,
    url: str,
    code: str,
    tz: str,
    device: str | None,
    replica_path: Path,
    current: Config | None,
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
        raise CliError("--code must not be empty: use the join code the server's admin gave you")
    if is_plain_http_off_this_machine(url):
        ctx.warn(
            f"{url} is plain http: the token crosses the network unencrypted;"
            " use https:// unless this network is trusted"
        )
    if device is None and current is not None and current.server == url:
        # Joining again (a revoked token, a new code): the same device, so its
        # queued events still carry the right device name.
        device = current.device
    device = device or f"{socket.gethostname().split('.')[0]}-{new_id()[-4:].lower()}"
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
    if not report.offline:
        report = workspace.sync()
    for warning in report.warnings:
        ctx.warn(warning)
    shown = clean_line(f"{name} (@{joined.handle}, {tz})")
    ctx.out.write(f"Joined the workspace on {url} as {shown} on device {clean_line(device)}.\n")
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
    if args.server:
        if args.name or args.handle or args.existing:
            raise CliError(
                "--name, --handle and --existing go with --folder: on a server, your name"
                " and handle come with the join code"
            )
        if not args.code:
            raise CliError("--server needs --code: the join code the server's admin gave you")
        if current is not None and current.server != args.server.strip().rstrip("/"):
            if not args.force:
                raise CliError(
                    f"this device is set up for {_where(current)}; add --force to switch"
                    f" to {args.server}"
                )
        join_server(
            ctx, args.server, args.code, args.tz, args.device, paths.replica_file(), current
        )
        return 0
    if args.code:
        raise CliError("--code goes with --server")
    if not args.name or not args.handle:
        raise CliError("--folder needs --name and --handle")
    folder = Path(args.folder).expanduser().resolve()
    if current is not None and _where(current) != str(folder) and not args.force:
        raise CliError(
            f"this device is set up for {_where(current)}; add --force to switch to {folder}"
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
        ctx.out.write(f"The outbox is empty: everything has reached the {ctx._where}.\n")
        return 0
    table([[short(o.event.id), o.event.kind, o.state, o.error] for o in items], ctx.out)
    return 0
