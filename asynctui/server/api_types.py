"""What goes over the wire, as typed structs: the server decodes requests with
them, encodes answers with them, and the OpenAPI document is generated from
them (see :mod:`asynctui.server.openapi`)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from asynctui.core.events import Event
from asynctui.core.names import DEVICE_PATTERN, HANDLE_PATTERN

__all__ = [
    "AppendRequest",
    "AppendResponse",
    "DeviceInfo",
    "DevicesResponse",
    "Error",
    "Health",
    "InviteRequest",
    "InviteResponse",
    "JoinRequest",
    "JoinResponse",
    "Me",
    "ReadResponse",
    "RevokeRequest",
    "RevokeResponse",
]

ErrorCode = Literal[
    "bad_request",
    "too_long",
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "reset",
    "too_large",
    "rate_limited",
    "timeout",
    "unavailable",
    "internal",
]


Code = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
# ``(?!\n)$``: a plain ``$`` also matches before a trailing newline.
DeviceName = Annotated[str, msgspec.Meta(pattern=f"^{DEVICE_PATTERN}(?!\n)$")]
"""Letters, digits, '.', '_' and '-': device names go into logs and listings."""
Handle = Annotated[str, msgspec.Meta(pattern=f"^@?{HANDLE_PATTERN}(?!\n)$")]
"""As `asynctui init` accepts them, with or without the @."""
Name = Annotated[str, msgspec.Meta(max_length=200)]


class Error(msgspec.Struct, omit_defaults=True):
    error: ErrorCode
    message: str
    """One line, for a person."""
    index: int | None = None
    """The refused event's place in the request, when one event was refused."""


class Health(msgspec.Struct):
    """Anyone may ask, so it says nothing else (503 when the database is not usable)."""

    ok: bool


class JoinRequest(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    device: DeviceName


class JoinResponse(msgspec.Struct):
    token: str
    """Shown once: keep it in the client's config."""
    member: str
    name: str
    handle: str
    workspace: str


class Me(msgspec.Struct):
    member: str
    device: str
    handle: str
    role: Literal["admin", "member"]
    workspace: str


class AppendRequest(msgspec.Struct, forbid_unknown_fields=True):
    events: Annotated[list[Event], msgspec.Meta(max_length=500)]


class AppendResponse(msgspec.Struct):
    seqs: list[int]
    """Each event's sequence number, the original one for an id stored before."""


class ReadResponse(msgspec.Struct):
    events: list[Event]
    cursor: str
    """Pass it back as ``after`` to read on."""
    more: bool
    """Another read would return more right away."""


class InviteRequest(msgspec.Struct, forbid_unknown_fields=True):
    handle: Handle
    name: Name = ""
    """For a new member; leave empty for another device of an existing one."""
    admin: bool = False


class InviteResponse(msgspec.Struct):
    member: str
    handle: str
    code: str
    """One use, valid for 7 days."""


class RevokeRequest(msgspec.Struct, forbid_unknown_fields=True):
    target: Annotated[
        str,
        msgspec.Meta(pattern=f"^(@{HANDLE_PATTERN}|{DEVICE_PATTERN})(?!\n)$"),
    ]
    """A device name, or ``@handle`` for every device of that member."""


class RevokeResponse(msgspec.Struct):
    revoked: int


class DeviceInfo(msgspec.Struct):
    handle: str
    name: str
    role: str
    device: str | None
    created_at: int | None
    last_seen: int | None
    revoked_at: int | None


class DevicesResponse(msgspec.Struct):
    devices: list[DeviceInfo]
