"""``GET /v1/openapi.json``: the API described from the structs the server uses."""

from __future__ import annotations

import functools
from typing import Any

import msgspec
import msgspec.inspect

from asynctui import __version__
from asynctui.core import events as ev
from asynctui.server import api_types as api
from asynctui.server.checks import CURSOR_PATTERN, MAX_WAIT_ASKED
from asynctui.server.http import Limits

_REF = "#/components/schemas/{name}"


def _ref(kind: type) -> dict[str, str]:
    return {"$ref": _REF.format(name=kind.__name__)}


def _json_body(kind: type) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": _ref(kind)}}}


def _answer(kind: type, description: str) -> dict[str, Any]:
    return {"description": description, **_json_body(kind)}


def _errors(*statuses: int) -> dict[str, Any]:
    words = {
        400: "malformed request",
        401: "no valid token",
        403: "not allowed",
        404: "not found",
        409: "conflict or cursor reset",
        408: "the body did not arrive in time",
        413: "body too large",
        429: "rate limited (see Retry-After)",
        503: "the database cannot be written (see Retry-After)",
    }
    return {str(s): _answer(api.Error, words[s]) for s in statuses}


def _mark_instants(components: dict[str, Any]) -> None:
    """msgspec describes a datetime as a plain string; say it is RFC 3339 with an
    offset (``date-time``), which is what the server accepts."""
    for name, schema in components.items():
        kind = getattr(ev, name, None)
        if not isinstance(kind, type) or not issubclass(kind, msgspec.Struct):
            continue
        info = msgspec.inspect.type_info(kind)
        assert isinstance(info, msgspec.inspect.StructType)
        for field in info.fields:
            options = (
                field.type.types
                if isinstance(field.type, msgspec.inspect.UnionType)
                else (field.type,)
            )
            if not any(isinstance(o, msgspec.inspect.DateTimeType) for o in options):
                continue
            prop = schema.get("properties", {}).get(field.encode_name, {})
            for option in prop.get("anyOf", [prop]):
                if option.get("type") == "string":
                    option["format"] = "date-time"


_AUTH: list[dict[str, list[str]]] = [{"bearer": []}]


@functools.cache
def openapi_document() -> dict[str, Any]:
    kinds = [
        api.Error, api.Health, api.JoinRequest, api.JoinResponse, api.Me, api.AppendRequest,
        api.AppendResponse, api.ReadResponse, api.InviteRequest, api.InviteResponse,
        api.RevokeRequest, api.RevokeResponse, api.DevicesResponse,
    ]  # fmt: skip
    _, components = msgspec.json.schema_components(kinds, ref_template=_REF)
    _mark_instants(components)
    read_params = [
        {
            "name": "after", "in": "query", "required": False,
            "description": "a cursor from an earlier read; empty for the start",
            "schema": {"type": "string", "pattern": CURSOR_PATTERN},
        },
        {
            "name": "limit", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 20000},
        },
        {
            "name": "wait", "in": "query", "required": False,
            "description": "seconds to wait for an event the reader may see (long-poll);"
            f" held at most {Limits().max_wait_s:g} s",
            "schema": {"type": "number", "minimum": 0, "maximum": MAX_WAIT_ASKED},
        },
    ]  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {"title": "asynctui sync server", "version": __version__},
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": {
            "/healthz": {
                "get": {
                    "responses": {
                        "200": _answer(api.Health, "the server is up"),
                        "503": _answer(api.Error, "its database is not usable"),
                    }
                }
            },
            "/v1/join": {
                "post": {
                    "requestBody": {"required": True, **_json_body(api.JoinRequest)},
                    "responses": {
                        "200": _answer(api.JoinResponse, "a device token"),
                        **_errors(400, 404, 408, 409, 413, 429, 503),
                    },
                }
            },
            "/v1/me": {
                "get": {
                    "security": _AUTH,
                    "responses": {"200": _answer(api.Me, "who I am"), **_errors(401, 429)},
                }
            },
            "/v1/events": {
                "post": {
                    "security": _AUTH,
                    "requestBody": {"required": True, **_json_body(api.AppendRequest)},
                    "responses": {
                        "200": _answer(api.AppendResponse, "stored and committed"),
                        **_errors(400, 401, 403, 408, 409, 413, 429, 503),
                    },
                },
                "get": {
                    "security": _AUTH,
                    "parameters": read_params,
                    "responses": {
                        "200": _answer(api.ReadResponse, "events after the cursor"),
                        **_errors(400, 401, 409, 429),
                    },
                },
            },
            "/v1/admin/invites": {
                "post": {
                    "security": _AUTH,
                    "requestBody": {"required": True, **_json_body(api.InviteRequest)},
                    "responses": {
                        "200": _answer(api.InviteResponse, "a join code"),
                        **_errors(400, 401, 403, 408, 409, 413, 429, 503),
                    },
                }
            },
            "/v1/admin/revoke": {
                "post": {
                    "security": _AUTH,
                    "requestBody": {"required": True, **_json_body(api.RevokeRequest)},
                    "responses": {
                        "200": _answer(api.RevokeResponse, "tokens ended"),
                        **_errors(400, 401, 403, 408, 413, 429, 503),
                    },
                }
            },
            "/v1/admin/devices": {
                "get": {
                    "security": _AUTH,
                    "responses": {
                        "200": _answer(api.DevicesResponse, "members and devices"),
                        **_errors(401, 403, 429),
                    },
                }
            },
        },
    }
