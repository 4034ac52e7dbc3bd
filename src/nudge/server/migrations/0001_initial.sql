-- nudge serve: the first schema.  Applied once, in one transaction, by nudge.server.storage.
CREATE TABLE nudges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id TEXT NOT NULL,
    at TEXT NOT NULL,
    message_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    variant TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'pending',
    verdict TEXT
);
CREATE INDEX nudges_author_at ON nudges (author_id, at);

CREATE TABLE settings (
    creator_id TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE comments (
    creator_id TEXT NOT NULL,
    id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (creator_id, id)
);
CREATE INDEX comments_status ON comments (creator_id, status, created_at);
CREATE INDEX comments_thread ON comments (creator_id, thread_id, status, created_at);
