"""The sample team behind `asynctui demo`."""
