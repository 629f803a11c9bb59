"""``asynctui serve``: the database opened for one server, and uvicorn set up
with the limits of :mod:`asynctui.server.guard`.

A missing database is made only when asked (``--create``): a server that made
a new, empty workspace where the team's file had gone would serve it as if
nothing had happened, and every device would start again from nothing.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

from starlette.applications import Starlette

from asynctui.server import dbfile
from asynctui.server.guard import ConnectionLimits, guarded_protocol
from asynctui.server.log import LogError, ServerLog

__all__ = ["open_database", "run"]


def open_database(path: Path, *, create: bool) -> int:
    """Lock ``path`` for this server, make it if ``create`` and it is missing,
    and check that it can be served: the lock's descriptor, to keep open while
    serving. Raises :class:`LogError` with one line."""
    if not _exists(path):
        if not path.parent.is_dir():
            raise LogError(f"the folder {path.parent} does not exist")
        if not create:
            raise LogError(
                f"{path} does not exist; `asynctui serve --create` makes a new workspace there"
            )
    lock = dbfile.hold_lock(path)
    try:
        if not _exists(path):
            dbfile.create(path)
        problem = dbfile.writable_problem(path)
        if problem is not None:
            raise LogError(f"{problem}; the server must write it")
        ServerLog(path, create=False).close()
    except BaseException:
        os.close(lock)
        raise
    return lock


def _exists(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def run(
    app: Starlette,
    host: str,
    port: int,
    limits: ConnectionLimits,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve ``app`` until Ctrl+C or SIGTERM (uvicorn hands Ctrl+C back as
    KeyboardInterrupt once it has shut down cleanly)."""
    import uvicorn

    _allow_descriptors(limits.max_connections)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(limits),
        ws="none",
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
        limit_concurrency=limits.max_connections,
        h11_max_incomplete_event_size=limits.max_head_bytes,
        timeout_keep_alive=limits.keep_alive_s,
        server_header=False,
        # Only a proxy named by the operator may say who the client is: anyone
        # else could send X-Forwarded-For and escape the per-address limits.
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    uvicorn.Server(config).run()


def _allow_descriptors(connections: int) -> None:
    """Raise the soft limit of open files towards the hard one, so that the
    connection cap, not ``ulimit -n`` (often 1,024), decides how many are served."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 64
    if soft != resource.RLIM_INFINITY and soft < wanted:
        top = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if top > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (top, hard))
