"""The replica's tables. Everything here can be rebuilt from the event log.

Times are integer epoch milliseconds (UTC). Each last-writer-wins row keeps
the ``(lamport, device)`` of the event that wrote it, so an older event that
arrives late never overwrites a newer one and every replica converges.
"""

SCHEMA_VERSION = 8

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS members (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, handle TEXT NOT NULL, tz TEXT NOT NULL,
    joined_at INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS members_handle ON members(handle);

CREATE TABLE IF NOT EXISTS hours (
    member TEXT PRIMARY KEY, doc BLOB NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL
);

-- Every status ever set: the latest is the current one, and the off/ooo ones
-- with an end are pauses of that member's reply clock.
CREATE TABLE IF NOT EXISTS statuses (
    id TEXT PRIMARY KEY, member TEXT NOT NULL, at INTEGER NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL, state TEXT NOT NULL,
    text TEXT NOT NULL, emoji TEXT NOT NULL, until INTEGER
);
CREATE INDEX IF NOT EXISTS statuses_member ON statuses(member, lamport, device);

CREATE TABLE IF NOT EXISTS channels (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, topic TEXT NOT NULL,
    created_at INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL,
    private INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS channel_members (
    channel TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (channel, member)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS threads (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, title TEXT NOT NULL, author TEXT NOT NULL,
    opened_at INTEGER NOT NULL, last_at INTEGER NOT NULL
);

-- Facts about rows that may not have arrived yet (journals sync in any order)
-- live in tables of their own, so none is lost: resolutions, edits, cancels.
CREATE TABLE IF NOT EXISTS resolutions (
    thread TEXT PRIMARY KEY, resolved INTEGER NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS threads_last ON threads(last_at);

CREATE TABLE IF NOT EXISTS messages (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, thread TEXT NOT NULL,
    author TEXT NOT NULL, at INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL,
    body TEXT NOT NULL, quote TEXT, edited_at INTEGER,
    e_lamport INTEGER NOT NULL DEFAULT 0, e_device TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS edits (
    message TEXT NOT NULL, author TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (message, lamport, device)
) WITHOUT ROWID;

-- The index only: the text itself stays in messages (external content).
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    body, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61'
);

-- What search finds besides messages: thread titles, decisions, action items and
-- meeting agendas (a meeting's goal is its first message), one row each.
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, thread TEXT NOT NULL,
    author TEXT NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (kind, ref)
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_search USING fts5(
    text, content = 'docs', content_rowid = 'rowid', tokenize = 'unicode61'
);

CREATE TABLE IF NOT EXISTS reactions (
    message TEXT NOT NULL, member TEXT NOT NULL, emoji TEXT NOT NULL,
    present INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL,
    PRIMARY KEY (message, member, emoji)
) WITHOUT ROWID;

-- An ask as made (id .. unit), then what its life comes to (core.ask_life),
-- kept by the fold for the asks a batch touched: its state, who owes it now
-- (``asked``: the person asked, or whoever it was handed to), when its window
-- began and how long it is, a time promised, its answer.
CREATE TABLE IF NOT EXISTS asks (
    id TEXT PRIMARY KEY, thread TEXT NOT NULL, asker TEXT NOT NULL, origin TEXT NOT NULL,
    at INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL,
    o_amount INTEGER NOT NULL, o_unit TEXT NOT NULL,
    reply_by TEXT, reply_at INTEGER, reply_lamport INTEGER, reply_device TEXT,
    state TEXT NOT NULL DEFAULT 'open', asked TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL DEFAULT 0, amount INTEGER NOT NULL DEFAULT 0,
    unit TEXT NOT NULL DEFAULT 'h', promised INTEGER, answered_by TEXT, answered_at INTEGER,
    ended_at INTEGER, note TEXT NOT NULL DEFAULT '', handed_by TEXT,
    marked INTEGER NOT NULL DEFAULT 0
);
-- reply_*: the first substantial reply by the person first asked (the common
-- case, kept in SQL); a new message looks up the asks of its author in its thread.
CREATE INDEX IF NOT EXISTS asks_thread_origin ON asks(thread, origin);
CREATE INDEX IF NOT EXISTS asks_asked ON asks(asked, state);
CREATE INDEX IF NOT EXISTS asks_asker ON asks(asker, state);

-- Every event in an ask's life after its creation; who may take each step is
-- decided where they are read (core.ask_life), as a folder has nobody to check.
CREATE TABLE IF NOT EXISTS ask_steps (
    id TEXT PRIMARY KEY, ask TEXT NOT NULL, kind TEXT NOT NULL, author TEXT NOT NULL,
    at INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL,
    message TEXT, until INTEGER, person TEXT, amount INTEGER, unit TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ask_steps_ask ON ask_steps(ask);
CREATE INDEX IF NOT EXISTS ask_steps_message ON ask_steps(message);

-- Every resolution of a thread (not only the latest): one settles the asks
-- open at its place in the log, and reopening the thread does not revive them.
CREATE TABLE IF NOT EXISTS thread_resolves (
    id TEXT PRIMARY KEY, thread TEXT NOT NULL, author TEXT NOT NULL, at INTEGER NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS thread_resolves_thread ON thread_resolves(thread);

-- What each member wants to hear of a thread or a channel (last writer wins).
CREATE TABLE IF NOT EXISTS attention (
    member TEXT NOT NULL, target TEXT NOT NULL, scope TEXT NOT NULL, mode TEXT NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (member, target)
) WITHOUT ROWID;

-- What each member put off until later: a thread or one thing owed (last writer wins).
CREATE TABLE IF NOT EXISTS snoozes (
    member TEXT NOT NULL, target TEXT NOT NULL, until INTEGER, at INTEGER NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (member, target)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS reads (
    thread TEXT NOT NULL, member TEXT NOT NULL, upto INTEGER NOT NULL,
    PRIMARY KEY (thread, member)
) WITHOUT ROWID;

-- Rituals. Lists (questions, members, agenda, answers) are JSON arrays.
CREATE TABLE IF NOT EXISTS checkins (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, title TEXT NOT NULL, author TEXT NOT NULL,
    questions TEXT NOT NULL, schedule TEXT NOT NULL, members TEXT NOT NULL,
    amount INTEGER NOT NULL, unit TEXT NOT NULL, created_at INTEGER NOT NULL
);
-- Stops may arrive before their check-in; only its creator's stop counts.
CREATE TABLE IF NOT EXISTS checkin_stops (
    checkin TEXT NOT NULL, member TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (checkin, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkin_answers (
    message TEXT PRIMARY KEY, checkin TEXT NOT NULL, day TEXT NOT NULL, author TEXT NOT NULL,
    at INTEGER NOT NULL, lamport INTEGER NOT NULL, device TEXT NOT NULL, answers TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checkin_answers_day ON checkin_answers(checkin, day, author);

CREATE TABLE IF NOT EXISTS meetings (
    thread TEXT PRIMARY KEY, channel TEXT NOT NULL, owner TEXT NOT NULL, goal TEXT NOT NULL,
    agenda TEXT NOT NULL, participants TEXT NOT NULL, opened_at INTEGER NOT NULL,
    deadline INTEGER, amount INTEGER, unit TEXT
);
-- Closing is last writer wins among the owner's; anyone else's is ignored where read.
CREATE TABLE IF NOT EXISTS meeting_closes (
    thread TEXT NOT NULL, member TEXT NOT NULL, at INTEGER NOT NULL, outcome TEXT NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (thread, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contributions (
    message TEXT PRIMARY KEY, thread TEXT NOT NULL, item INTEGER NOT NULL,
    author TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS contributions_thread ON contributions(thread, author);

CREATE TABLE IF NOT EXISTS decisions (
    id TEXT PRIMARY KEY, thread TEXT NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL,
    at INTEGER NOT NULL, messages TEXT NOT NULL, deciders TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_thread ON decisions(thread);

CREATE TABLE IF NOT EXISTS actions (
    id TEXT PRIMARY KEY, thread TEXT NOT NULL, message TEXT, text TEXT NOT NULL,
    owner TEXT NOT NULL, author TEXT NOT NULL, at INTEGER NOT NULL, due INTEGER
);
CREATE INDEX IF NOT EXISTS actions_owner ON actions(owner);
CREATE TABLE IF NOT EXISTS action_states (
    action TEXT PRIMARY KEY, done INTEGER NOT NULL, member TEXT NOT NULL, at INTEGER NOT NULL,
    lamport INTEGER NOT NULL, device TEXT NOT NULL
) WITHOUT ROWID;

-- Check-in reminders this device has shown (local only, like drafts): once each.
CREATE TABLE IF NOT EXISTS reminders (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;

-- What this device's person has typed and not sent, per thread ('' = a new
-- thread). Local only: no event, not a state table, so a rebuild keeps it.
CREATE TABLE IF NOT EXISTS drafts (
    thread TEXT PRIMARY KEY, body TEXT NOT NULL, updated INTEGER NOT NULL
) WITHOUT ROWID;

-- Events made here, kept until the store has acknowledged them.
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, line BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', error TEXT NOT NULL DEFAULT '',
    tries INTEGER NOT NULL DEFAULT 0
);
"""

MESSAGE_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages(id);
CREATE INDEX IF NOT EXISTS messages_thread ON messages(thread, author, lamport);
"""
"""The messages' indexes, apart from the tables: a first sync of a long history
loads the messages without them and builds them once at the end (see
``Replica.begin_catch_up``), so they are created when no catch-up is under way."""

STATE_TABLES = (
    "members", "hours", "statuses", "channels", "channel_members", "threads", "resolutions",
    "messages", "edits", "docs", "reactions", "asks", "ask_steps", "thread_resolves", "attention",
    "snoozes", "reads",
    "checkins", "checkin_stops", "checkin_answers", "meetings", "meeting_closes",
    "contributions", "decisions", "actions", "action_states",
)  # fmt: skip
"""Tables a rebuild empties; the outbox, drafts and meta (identity) survive it."""
