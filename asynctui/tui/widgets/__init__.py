"""The TUI's widgets, one per private module."""
