//! What the app reads and writes: one method per question or change, each write one
//! transaction, each answer a typed row from [`super::rows`].
//!
//! Reading is forgiving about JSON (a value an older or newer core shape cannot read comes back
//! as the default or `None`, never failing the dashboard) and strict about the rest.

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::rows::{
    CheckRow, DkimKeyRow, DomainRow, DomainState, DomainSummary, MailServers, MailboxRow, Session,
    StepId, WatchOutcome, WatchRow,
};
use super::{sql_error, Store, StoreNotice, HISTORY_LIMIT};
use crate::error::{Error, Result};
use crate::finding::Status;
use crate::plan::PlanChoices;
use crate::propagation::{SavedWatch, STATE_VERSION};
use crate::records::dkim::KeyAlgorithm;

/// Why a call failed inside: SQLite, or the core's own reason.
enum Fail {
    Sql(rusqlite::Error),
    Core(Error),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Sql(e)
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Core(e)
    }
}

type Inner<T> = std::result::Result<T, Fail>;

const DOMAIN_COLUMNS: &str = "domain, unicode, step, choices, plan, dkim_selector, \
     dkim_algorithm, dkim_public_b64, dkim_created_at, created_at, updated_at";
const CHECK_COLUMNS: &str = "id, domain, at, status, report";
const WATCH_COLUMNS: &str = "outcome, records_total, records_live, saved, updated_at";
const MAILBOX_COLUMNS: &str = "address, domain, servers, report, checked_at";

impl Store {
    /// Run `f` in one write transaction (taken at once, so it never has to wait halfway),
    /// committed only when `f` succeeds.
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Inner<T>) -> Result<T> {
        let mut conn = self.conn();
        let run = || -> Inner<T> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run().map_err(|e| self.error(e))
    }

    /// Run `f` in one read transaction, so its several queries see one state.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Inner<T>) -> Result<T> {
        let mut conn = self.conn();
        let run = || -> Inner<T> {
            let tx = conn.transaction()?;
            let value = f(&tx)?;
            tx.finish()?;
            Ok(value)
        };
        run().map_err(|e| self.error(e))
    }

    fn error(&self, fail: Fail) -> Error {
        match fail {
            Fail::Sql(e) => sql_error(self.path(), e),
            Fail::Core(e) => e,
        }
    }

    // --- domains ---------------------------------------------------------------------------

    /// Save a domain (ASCII form, lowercase, as [`crate::DomainName::ascii`]) or, when it is
    /// saved already, update its Unicode form. Either way it counts as changed `now`.
    pub fn upsert_domain(&self, domain: &str, unicode: &str, now: u64) -> Result<()> {
        self.write(|tx| upsert(tx, domain, unicode, now))
    }

    /// The domain the user last worked on (`None` to forget it).
    pub fn set_current(&self, domain: Option<&str>) -> Result<()> {
        self.write(|tx| {
            if let Some(domain) = domain {
                require(tx, domain)?;
            }
            tx.execute("UPDATE app_meta SET current = ?1 WHERE id = 1", [domain])?;
            Ok(())
        })
    }

    /// The domain the user last worked on.
    pub fn current(&self) -> Result<Option<String>> {
        self.read(|c| Ok(current(c)?))
    }

    /// One saved domain.
    pub fn domain(&self, domain: &str) -> Result<Option<DomainRow>> {
        self.read(|c| Ok(domain_row(c, domain)?))
    }

    /// Every saved domain, the most recently changed first.
    pub fn domains(&self) -> Result<Vec<DomainRow>> {
        self.read(|c| {
            let sql = format!(
                "SELECT {DOMAIN_COLUMNS} FROM domains ORDER BY updated_at DESC, domain ASC"
            );
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map([], read_domain)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Where the user is in the wizard for `domain`.
    pub fn save_step(&self, domain: &str, step: StepId, now: u64) -> Result<()> {
        self.update_domain(domain, "step = ?2", step.as_str(), now)
    }

    /// What the user chose for `domain`.
    pub fn save_choices(&self, domain: &str, choices: &PlanChoices, now: u64) -> Result<()> {
        self.update_domain(domain, "choices = ?2", &to_json(choices)?, now)
    }

    /// The plan last built for `domain` (the JSON of `sendwell plan --format json`).
    pub fn save_plan(&self, domain: &str, plan: &Value, now: u64) -> Result<()> {
        self.update_domain(domain, "plan = ?2", &to_json(plan)?, now)
    }

    /// The public facts of the DKIM key made for `domain` (replacing any earlier one).
    pub fn save_dkim_key(&self, domain: &str, key: &DkimKeyRow, now: u64) -> Result<()> {
        self.write(|tx| {
            require(tx, domain)?;
            tx.execute(
                "UPDATE domains SET dkim_selector = ?2, dkim_algorithm = ?3, dkim_public_b64 = ?4,
                     dkim_created_at = ?5, updated_at = max(updated_at, ?6)
                 WHERE domain = ?1",
                params![
                    domain,
                    key.selector,
                    key.algorithm.id(),
                    key.public_b64,
                    key.created_at,
                    now
                ],
            )?;
            Ok(())
        })
    }

    /// Forget the DKIM key of `domain` (its private key is the keychain's to delete).
    pub fn clear_dkim_key(&self, domain: &str, now: u64) -> Result<()> {
        self.write(|tx| {
            require(tx, domain)?;
            tx.execute(
                "UPDATE domains SET dkim_selector = NULL, dkim_algorithm = NULL,
                     dkim_public_b64 = NULL, dkim_created_at = NULL,
                     updated_at = max(updated_at, ?2)
                 WHERE domain = ?1",
                params![domain, now],
            )?;
            Ok(())
        })
    }

    /// The DKIM key made for `domain`, if any.
    pub fn dkim_key(&self, domain: &str) -> Result<Option<DkimKeyRow>> {
        Ok(self.domain(domain)?.and_then(|d| d.dkim))
    }

    /// Forget `domain` with its checks, watch and mailboxes (and as the current domain).
    /// False when it was not saved.
    pub fn delete_domain(&self, domain: &str) -> Result<bool> {
        self.write(|tx| Ok(tx.execute("DELETE FROM domains WHERE domain = ?1", [domain])? > 0))
    }

    // --- checks ----------------------------------------------------------------------------

    /// Add a check of `domain` to its history (keeping the newest [`HISTORY_LIMIT`]). Its id.
    pub fn record_check(
        &self,
        domain: &str,
        at: u64,
        status: Status,
        report: &Value,
    ) -> Result<i64> {
        let report = to_json(report)?;
        self.write(|tx| {
            require(tx, domain)?;
            insert_check(tx, domain, at, status, &report)
        })
    }

    /// What the app's `check_domain` saves, in one transaction: the domain (as
    /// [`Store::upsert_domain`]), the check (as [`Store::record_check`]), and the domain as
    /// the current one. The check's id.
    pub fn save_checked(
        &self,
        domain: &str,
        unicode: &str,
        at: u64,
        status: Status,
        report: &Value,
    ) -> Result<i64> {
        let report = to_json(report)?;
        self.write(|tx| {
            upsert(tx, domain, unicode, at)?;
            let id = insert_check(tx, domain, at, status, &report)?;
            tx.execute("UPDATE app_meta SET current = ?1 WHERE id = 1", [domain])?;
            Ok(id)
        })
    }

    /// The newest check of `domain`.
    pub fn last_check(&self, domain: &str) -> Result<Option<CheckRow>> {
        Ok(self.checks(domain, 1)?.pop())
    }

    /// The newest `limit` checks of `domain`, newest first.
    pub fn checks(&self, domain: &str, limit: usize) -> Result<Vec<CheckRow>> {
        self.read(|c| Ok(checks(c, domain, limit)?))
    }

    // --- watch -----------------------------------------------------------------------------

    /// The watch progress of `domain` (replacing the earlier one).
    pub fn save_watch(&self, domain: &str, watch: &WatchRow) -> Result<()> {
        let saved = watch.saved.as_ref().map(to_json).transpose()?;
        self.write(|tx| {
            require(tx, domain)?;
            tx.execute(
                "INSERT INTO watches (domain, outcome, records_total, records_live, saved, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (domain) DO UPDATE SET outcome = excluded.outcome,
                     records_total = excluded.records_total, records_live = excluded.records_live,
                     saved = excluded.saved, updated_at = excluded.updated_at",
                params![
                    domain,
                    watch.outcome.as_str(),
                    watch.records_total,
                    watch.records_live,
                    saved,
                    watch.updated_at
                ],
            )?;
            touch(tx, domain, watch.updated_at)?;
            Ok(())
        })
    }

    /// The watch progress of `domain`, if it was ever watched.
    pub fn watch(&self, domain: &str) -> Result<Option<WatchRow>> {
        self.read(|c| Ok(watch(c, domain)?))
    }

    // --- mailboxes -------------------------------------------------------------------------

    /// Save a mailbox's settings and last result (replacing the earlier ones) under its domain,
    /// which must be saved.
    pub fn save_mailbox(&self, mailbox: &MailboxRow, now: u64) -> Result<()> {
        let servers = to_json(&mailbox.servers)?;
        let report = mailbox.report.as_ref().map(to_json).transpose()?;
        self.write(|tx| {
            require(tx, &mailbox.domain)?;
            tx.execute(
                "INSERT INTO mailboxes (address, domain, servers, report, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (address) DO UPDATE SET domain = excluded.domain,
                     servers = excluded.servers, report = excluded.report,
                     checked_at = excluded.checked_at",
                params![
                    mailbox.address,
                    mailbox.domain,
                    servers,
                    report,
                    mailbox.checked_at
                ],
            )?;
            touch(tx, &mailbox.domain, now)?;
            Ok(())
        })
    }

    /// One saved mailbox.
    pub fn mailbox(&self, address: &str) -> Result<Option<MailboxRow>> {
        self.read(|c| {
            let sql = format!("SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE address = ?1");
            Ok(c.query_row(&sql, [address], read_mailbox).optional()?)
        })
    }

    /// The mailboxes of `domain`, by address.
    pub fn mailboxes(&self, domain: &str) -> Result<Vec<MailboxRow>> {
        self.read(|c| Ok(mailboxes(c, domain)?))
    }

    /// Forget a mailbox (its password is the keychain's to delete). False when not saved.
    pub fn delete_mailbox(&self, address: &str) -> Result<bool> {
        self.write(|tx| Ok(tx.execute("DELETE FROM mailboxes WHERE address = ?1", [address])? > 0))
    }

    // --- what the UI gets ------------------------------------------------------------------

    /// The dashboard: every domain with its last check, watch and mailboxes, the most recently
    /// changed first.
    pub fn summaries(&self) -> Result<Vec<DomainSummary>> {
        self.read(|c| Ok(summaries(c)?))
    }

    /// Everything needed to resume `domain` in the wizard.
    pub fn domain_state(&self, domain: &str) -> Result<Option<DomainState>> {
        self.read(|c| {
            let Some(row) = domain_row(c, domain)? else {
                return Ok(None);
            };
            let check = checks(c, domain, 1)?.pop();
            Ok(Some(DomainState {
                domain: row.domain,
                unicode: row.unicode,
                step: row.step,
                choices: row.choices,
                plan: row.plan,
                checked_at: check.as_ref().map(|c| c.at),
                report: check.map(|c| c.report),
                mailboxes: mailboxes(c, domain)?,
                watch: watch(c, domain)?,
            }))
        })
    }

    /// What the app shows on launch, with the notice from [`super::Opened`].
    pub fn session(&self, notice: Option<StoreNotice>) -> Result<Session> {
        self.read(|c| {
            Ok(Session {
                current: current(c)?,
                domains: summaries(c)?,
                notice,
            })
        })
    }

    /// Set one column of a saved domain and mark it changed `now`.
    fn update_domain(&self, domain: &str, set: &str, value: &str, now: u64) -> Result<()> {
        self.write(|tx| {
            require(tx, domain)?;
            let sql = format!(
                "UPDATE domains SET {set}, updated_at = max(updated_at, ?3) WHERE domain = ?1"
            );
            tx.execute(&sql, params![domain, value, now])?;
            Ok(())
        })
    }
}

// --- statements shared by the methods ----------------------------------------------------------

fn upsert(tx: &Transaction<'_>, domain: &str, unicode: &str, now: u64) -> Inner<()> {
    tx.execute(
        "INSERT INTO domains (domain, unicode, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (domain) DO UPDATE SET unicode = excluded.unicode,
             updated_at = max(updated_at, excluded.updated_at)",
        params![domain, unicode, now],
    )?;
    Ok(())
}

fn insert_check(
    tx: &Transaction<'_>,
    domain: &str,
    at: u64,
    status: Status,
    report: &str,
) -> Inner<i64> {
    tx.execute(
        "INSERT INTO checks (domain, at, status, report) VALUES (?1, ?2, ?3, ?4)",
        params![domain, at, status_id(status), report],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "DELETE FROM checks WHERE domain = ?1 AND id NOT IN (
             SELECT id FROM checks WHERE domain = ?1 ORDER BY at DESC, id DESC LIMIT ?2)",
        params![domain, HISTORY_LIMIT],
    )?;
    touch(tx, domain, at)?;
    Ok(id)
}

/// Mark `domain` changed at `at` (never moving its time back).
fn touch(tx: &Transaction<'_>, domain: &str, at: u64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE domains SET updated_at = max(updated_at, ?2) WHERE domain = ?1",
        params![domain, at],
    )?;
    Ok(())
}

/// A write about a domain that is not saved is the caller's mistake, said plainly.
fn require(c: &Connection, domain: &str) -> Inner<()> {
    let found: Option<i64> = c
        .query_row("SELECT 1 FROM domains WHERE domain = ?1", [domain], |r| {
            r.get(0)
        })
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(Fail::Core(Error::Internal(format!(
            "the domain {domain} is not saved; check it first"
        )))),
    }
}

fn current(c: &Connection) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT current FROM app_meta WHERE id = 1", [], |r| {
        r.get(0)
    })
    .optional()
    .map(Option::flatten)
}

fn domain_row(c: &Connection, domain: &str) -> rusqlite::Result<Option<DomainRow>> {
    let sql = format!("SELECT {DOMAIN_COLUMNS} FROM domains WHERE domain = ?1");
    c.query_row(&sql, [domain], read_domain).optional()
}

fn checks(c: &Connection, domain: &str, limit: usize) -> rusqlite::Result<Vec<CheckRow>> {
    let sql = format!(
        "SELECT {CHECK_COLUMNS} FROM checks WHERE domain = ?1 ORDER BY at DESC, id DESC LIMIT ?2"
    );
    let mut stmt = c.prepare(&sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![domain, limit], read_check)?;
    rows.collect()
}

fn watch(c: &Connection, domain: &str) -> rusqlite::Result<Option<WatchRow>> {
    let sql = format!("SELECT {WATCH_COLUMNS} FROM watches WHERE domain = ?1");
    let row = c.query_row(&sql, [domain], read_watch).optional()?;
    Ok(row.map(|mut w| {
        // A saved watch of another format or domain cannot be resumed: start afresh.
        w.saved = w
            .saved
            .filter(|s| s.version == STATE_VERSION && s.domain == domain);
        w
    }))
}

fn mailboxes(c: &Connection, domain: &str) -> rusqlite::Result<Vec<MailboxRow>> {
    let sql = format!("SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE domain = ?1 ORDER BY address");
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map([domain], read_mailbox)?;
    rows.collect()
}

fn summaries(c: &Connection) -> rusqlite::Result<Vec<DomainSummary>> {
    let mut stmt = c.prepare(
        "SELECT d.domain, d.unicode, d.step, d.updated_at,
             (SELECT k.status FROM checks k WHERE k.domain = d.domain
                  ORDER BY k.at DESC, k.id DESC LIMIT 1),
             (SELECT k.at FROM checks k WHERE k.domain = d.domain
                  ORDER BY k.at DESC, k.id DESC LIMIT 1),
             coalesce(w.records_total, json_array_length(d.plan, '$.records'), 0),
             w.records_live,
             w.outcome,
             (SELECT count(*) FROM mailboxes m WHERE m.domain = d.domain),
             (SELECT count(*) FROM mailboxes m WHERE m.domain = d.domain
                  AND json_extract(m.report, '$.verdict') = 'ready')
         FROM domains d LEFT JOIN watches w ON w.domain = d.domain
         ORDER BY d.updated_at DESC, d.domain ASC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DomainSummary {
            domain: r.get(0)?,
            unicode: r.get(1)?,
            step: parse(r, 2, StepId::parse)?,
            updated_at: r.get(3)?,
            status: r
                .get::<_, Option<String>>(4)?
                .map(|s| parse_text(4, &s, parse_status))
                .transpose()?,
            checked_at: r.get(5)?,
            records_total: r.get(6)?,
            records_live: r.get(7)?,
            watch: r
                .get::<_, Option<String>>(8)?
                .map(|s| parse_text(8, &s, WatchOutcome::parse))
                .transpose()?,
            mailboxes: r.get(9)?,
            mailboxes_ok: r.get(10)?,
        })
    })?;
    rows.collect()
}

// --- rows --------------------------------------------------------------------------------------

fn read_domain(r: &Row<'_>) -> rusqlite::Result<DomainRow> {
    let selector: Option<String> = r.get(5)?;
    let algorithm: Option<String> = r.get(6)?;
    let dkim = match (selector, algorithm) {
        (Some(selector), Some(algorithm)) => Some(DkimKeyRow {
            selector,
            algorithm: parse_text(6, &algorithm, parse_algorithm)?,
            public_b64: r.get(7)?,
            created_at: r.get::<_, Option<u64>>(8)?.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(DomainRow {
        domain: r.get(0)?,
        unicode: r.get(1)?,
        step: parse(r, 2, StepId::parse)?,
        choices: from_json::<PlanChoices>(r.get(3)?).unwrap_or_default(),
        plan: from_json(r.get(4)?),
        dkim,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

fn read_check(r: &Row<'_>) -> rusqlite::Result<CheckRow> {
    Ok(CheckRow {
        id: r.get(0)?,
        domain: r.get(1)?,
        at: r.get(2)?,
        status: parse(r, 3, parse_status)?,
        report: from_json(r.get(4)?).unwrap_or(Value::Null),
    })
}

fn read_watch(r: &Row<'_>) -> rusqlite::Result<WatchRow> {
    Ok(WatchRow {
        outcome: parse(r, 0, WatchOutcome::parse)?,
        records_total: r.get(1)?,
        records_live: r.get(2)?,
        saved: from_json::<SavedWatch>(r.get(3)?),
        updated_at: r.get(4)?,
    })
}

fn read_mailbox(r: &Row<'_>) -> rusqlite::Result<MailboxRow> {
    Ok(MailboxRow {
        address: r.get(0)?,
        domain: r.get(1)?,
        servers: from_json::<MailServers>(r.get(2)?).unwrap_or_default(),
        report: from_json(r.get(3)?),
        checked_at: r.get(4)?,
    })
}

/// The saved JSON as `T`, `None` when absent or not readable as `T`.
fn from_json<T: DeserializeOwned>(text: Option<String>) -> Option<T> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// `value` as JSON text. Serialising these types cannot fail; if it ever does, it is a bug.
fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(format!("store: {e}")))
}

/// Column `i` read as text and parsed by `from`.
fn parse<T>(r: &Row<'_>, i: usize, from: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    parse_text(i, &text, from)
}

/// `text` (column `i`) parsed by `from`; an unknown id is a conversion error that does not
/// quote the value.
fn parse_text<T>(i: usize, text: &str, from: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    from(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, Type::Text, "unknown id".into())
    })
}

fn status_id(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
    }
}

fn parse_status(id: &str) -> Option<Status> {
    [Status::Pass, Status::Warn, Status::Fail]
        .into_iter()
        .find(|s| status_id(*s) == id)
}

fn parse_algorithm(id: &str) -> Option<KeyAlgorithm> {
    [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::Ed25519,
    ]
    .into_iter()
    .find(|a| a.id() == id)
}
