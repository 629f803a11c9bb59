"""The sync server: one team's event log over HTTP (see docs/protocol.md)."""
