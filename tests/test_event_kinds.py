"""Every kind of event is handled once everywhere: a new kind that the replica
folds but the server neither authorizes nor scopes (or the reverse) fails here."""

from __future__ import annotations

from typing import get_args

from asynctui.client.fold import HANDLERS
from asynctui.core import events as ev
from asynctui.server.checks import WHO_MAY_WRITE
from asynctui.server.scope_rules import SCOPE_RULES

KINDS_OF_EVENT = set(get_args(ev.Payload))


def test_the_kinds_of_event_are_the_payloads_the_log_reads() -> None:
    assert len(KINDS_OF_EVENT) == len(ev.KINDS)
    assert {kind.__struct_config__.tag for kind in KINDS_OF_EVENT} == set(ev.KINDS)


def test_every_kind_of_event_has_one_fold_handler() -> None:
    assert set(HANDLERS) == KINDS_OF_EVENT


def test_every_kind_of_event_has_one_authorization_rule() -> None:
    assert set(WHO_MAY_WRITE) == KINDS_OF_EVENT


def test_every_kind_of_event_has_one_scope_rule() -> None:
    assert set(SCOPE_RULES) == KINDS_OF_EVENT
