"""asynctui: asynchronous team communication in the terminal."""

__version__ = "0.1.0"
