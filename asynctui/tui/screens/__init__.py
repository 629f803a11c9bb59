"""The TUI's modal screens, one per private module."""
