"""Ana in Berlin, Bob in New York and Cy in Berlin, each with a workspace on one
shared folder, Mon-Fri 09:00-17:00 in their own time: a public #general, a private
#core (Ana and Bob only) and a thread "Pricing" in #general. It is Wednesday
2 December 2026, 11:20 in Berlin (05:20 in New York).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import ChannelCreated, HoursSet, ProfileSet, ThreadOpened
from asynctui.core.hours import Hours
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore

WEDNESDAY_1120_BERLIN = datetime(2026, 12, 2, 10, 20, tzinfo=UTC)
ZONES = {"ana": "Europe/Berlin", "bob": "America/New_York", "cy": "Europe/Berlin"}


class Team:
    """Three people's workspaces on one shared folder, each synced after every step."""

    def __init__(self, tmp_path: Path) -> None:
        folder = tmp_path / "shared"
        self.ws: dict[str, Workspace] = {}
        for who, tz in ZONES.items():
            ws = Workspace(
                Replica(tmp_path / f"{who}.db"), FolderStore.create(folder, f"{who}-laptop"),
                FixedClock(WEDNESDAY_1120_BERLIN), member=f"m-{who}", device=f"{who}-laptop",
            )  # fmt: skip
            ws.emit(ProfileSet(name=who.title(), handle=who, tz=tz))
            ws.emit(HoursSet(hours=Hours()))
            self.ws[who] = ws
        self.ana.emit(ChannelCreated(channel="c-general", name="general"))
        self.ana.emit(
            ChannelCreated(channel="c-core", name="core", private=True, members=("m-ana", "m-bob"))
        )
        self.thread = new_id()
        self.ana.emit(ThreadOpened(thread=self.thread, channel="c-general", title="Pricing",
                                   message=new_id(), body="Two tiers?"))  # fmt: skip
        self.sync()

    @property
    def ana(self) -> Workspace:
        return self.ws["ana"]

    @property
    def bob(self) -> Workspace:
        return self.ws["bob"]

    def sync(self) -> None:
        for _ in range(2):
            for ws in self.ws.values():
                ws.sync()

    def recorded(self, who: str) -> int:
        """How many events of theirs the outbox has ever held (sent or not)."""
        return self.ws[who].replica.lamport
