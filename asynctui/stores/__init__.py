"""Where the event log lives: a shared folder or a server, behind one interface."""
