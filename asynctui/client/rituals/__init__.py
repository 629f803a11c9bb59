"""Read models of the rituals: check-ins, async meetings, decisions, action items.

Every "who owes what by when" here is counted the way asks are: on the owing
person's own calendar (their zone, hours, focus, time off and pauses). One
private module an idea: ``_checkins``, ``_meetings``, ``_decisions`` (the
decision log and action items); everything is used from here.
"""

from __future__ import annotations

from asynctui.client.rituals._checkins import (
    BEFORE_START,
    DEFAULT_QUESTIONS,
    DEFAULT_WITHIN,
    LOOK_AHEAD,
    Checkin,
    Expected,
    ExpectedState,
    Occurrence,
    checkin,
    checkins,
    current_day,
    expected,
    find_checkin,
    first_reach,
    occurrence,
    pending_checkins,
)
from asynctui.client.rituals._decisions import (
    ActionFilter,
    ActionItem,
    Decision,
    action_items,
    decisions,
)
from asynctui.client.rituals._meetings import (
    Meeting,
    Participation,
    contributions,
    meeting,
    meeting_due,
    meetings,
    participation,
    waiting_meetings,
)

__all__ = [
    "DEFAULT_QUESTIONS",
    "DEFAULT_WITHIN",
    "BEFORE_START",
    "LOOK_AHEAD",
    "ActionFilter",
    "ActionItem",
    "Checkin",
    "Decision",
    "Expected",
    "ExpectedState",
    "Meeting",
    "Occurrence",
    "Participation",
    "action_items",
    "checkin",
    "checkins",
    "current_day",
    "decisions",
    "contributions",
    "expected",
    "find_checkin",
    "first_reach",
    "meeting",
    "meeting_due",
    "meetings",
    "occurrence",
    "participation",
    "pending_checkins",
    "waiting_meetings",
]
