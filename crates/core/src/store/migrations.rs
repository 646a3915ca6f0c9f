//! The store's schema, as an ordered list of migrations: migration N takes a database from
//! `PRAGMA user_version` N-1 to N, as one SQL batch in one transaction. Append; never edit one.
//!
//! The JSON columns are TEXT checked with `json_valid`; the tables are `STRICT`, so a value of
//! the wrong type is refused (<https://www.sqlite.org/stricttables.html>). There is no column
//! for a password or a private key, and there must never be one: secrets live in the keychain.

use rusqlite::{Connection, TransactionBehavior};

/// One step of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The `user_version` the database has once it ran.
    pub version: u32,
    /// The SQL batch.
    pub sql: &'static str,
}

/// `PRAGMA application_id` of a Sendwell database ("SWEL"), so another program's SQLite file
/// put in its place is recognised (<https://www.sqlite.org/pragma.html#pragma_application_id>).
pub const APPLICATION_ID: i32 = 0x5357_454C;

/// Every migration, oldest first; `MIGRATIONS[i].version == i + 1`.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "
-- 1: domains, the current domain, check history, watch progress, mailboxes (issue 6).
PRAGMA application_id = 1398228300;

-- One row per domain. The DKIM columns are the public facts of the key made here; the
-- private key is in the keychain.
CREATE TABLE domains (
    domain          TEXT PRIMARY KEY NOT NULL
                    CHECK (length(domain) BETWEEN 1 AND 253 AND domain NOT GLOB '*[^a-z0-9._-]*'),
    unicode         TEXT NOT NULL,
    step            TEXT NOT NULL DEFAULT 'domain',
    choices         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(choices)),
    plan            TEXT CHECK (plan IS NULL OR json_valid(plan)),
    dkim_selector   TEXT,
    dkim_algorithm  TEXT,
    dkim_public_b64 TEXT,
    dkim_created_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK ((dkim_selector IS NULL) = (dkim_algorithm IS NULL))
) STRICT;
CREATE INDEX domains_by_update ON domains (updated_at DESC);

-- Exactly one row: what the app remembers besides the domains.
CREATE TABLE app_meta (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    current TEXT REFERENCES domains (domain) ON DELETE SET NULL
) STRICT;
INSERT INTO app_meta (id, current) VALUES (1, NULL);

-- Every check of a domain (DomainReport JSON); the store keeps the newest 50 per domain.
CREATE TABLE checks (
    id      INTEGER PRIMARY KEY,
    domain  TEXT NOT NULL REFERENCES domains (domain) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    status  TEXT NOT NULL,
    report  TEXT NOT NULL CHECK (json_valid(report))
) STRICT;
CREATE INDEX checks_by_domain ON checks (domain, at DESC, id DESC);

-- The propagation watch of a domain: counts for the dashboard, SavedWatch JSON to resume.
CREATE TABLE watches (
    domain        TEXT PRIMARY KEY NOT NULL REFERENCES domains (domain) ON DELETE CASCADE,
    outcome       TEXT NOT NULL,
    records_total INTEGER NOT NULL CHECK (records_total >= 0),
    records_live  INTEGER NOT NULL CHECK (records_live >= 0),
    saved         TEXT CHECK (saved IS NULL OR json_valid(saved)),
    updated_at    INTEGER NOT NULL
) STRICT;

-- Mailboxes: servers as {imap, pop3, smtp} HOST[:PORT] JSON and the last MailboxReport JSON.
CREATE TABLE mailboxes (
    address    TEXT PRIMARY KEY NOT NULL,
    domain     TEXT NOT NULL REFERENCES domains (domain) ON DELETE CASCADE,
    servers    TEXT NOT NULL CHECK (json_valid(servers)),
    report     TEXT CHECK (report IS NULL OR json_valid(report)),
    checked_at INTEGER
) STRICT;
CREATE INDEX mailboxes_by_domain ON mailboxes (domain);
",
}];

/// The newest schema this build knows.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The database's `user_version`.
pub fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Run every migration of `list` the database has not had yet, each in its own transaction
/// that also sets `user_version`, so a failed or interrupted migration leaves the version
/// before it. The version is re-read inside each write transaction, so two processes
/// migrating at once do not run a step twice. The version reached.
pub fn migrate(conn: &mut Connection, list: &[Migration]) -> rusqlite::Result<u32> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = user_version(&tx)?;
        let Some(next) = list.iter().find(|m| m.version == current + 1) else {
            return Ok(current);
        };
        tx.execute_batch(next.sql)?;
        tx.pragma_update(None, "user_version", next.version)?;
        tx.commit()?;
    }
}
