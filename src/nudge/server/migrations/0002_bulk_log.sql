-- nudge serve: a journal of bulk actions, one row per id, written in the same transaction
-- as the comments it changes (so a crash leaves either both or neither).
CREATE TABLE bulk_log (
    batch_id INTEGER NOT NULL,
    creator_id TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (batch_id, comment_id)
);
CREATE TABLE bulk_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    creator_id TEXT NOT NULL,
    action TEXT NOT NULL,
    size INTEGER NOT NULL,
    at TEXT NOT NULL
);
