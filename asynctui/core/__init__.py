"""The pure core: events, calendars and reply expectations.

Nothing in here performs I/O or imports Textual or httpx; time always comes in
as an argument so every rule can be tested at any instant.
"""
