"""The dialog flows: what a person does, from the key pressed to the event recorded.

Each flow gathers what its dialog needs, opens it over the main screen, and hands
what was chosen to one small function that records it (the only place the TUI
emits events, but for read marks) and says what happened:

- ``threads``: new thread, reply, quote, edit, ask, react, resolve;
- ``rituals``: meetings, check-ins, decisions, action items;
- ``me``: status, focus, hours, the outbox and the digest.
- ``switcher``: the quick switcher, and going to the place chosen.
"""
