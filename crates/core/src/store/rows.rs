//! The rows the store keeps and hands out: plain structs, and the summaries the app sends to
//! the UI as they are (their JSON is the contract's `Session`, `DomainSummary`, `DomainState`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::finding::Status;
use crate::plan::PlanChoices;
use crate::propagation::{Outcome, SavedWatch};
use crate::records::dkim::KeyAlgorithm;

use super::StoreNotice;

/// A step of the wizard (the contract's `StepId`), saved so a reopened app returns to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    /// 1. Type the domain and see its current state.
    #[default]
    Domain,
    /// 2. The services that send as the domain.
    Senders,
    /// 3. SPF.
    Spf,
    /// 4. DKIM.
    Dkim,
    /// 5. DMARC.
    Dmarc,
    /// 6. MTA-STS, TLS-RPT, BIMI, MX.
    Extras,
    /// 7. The records to paste at the DNS panel.
    Publish,
    /// 8. The watch until every record is live.
    Propagation,
    /// 9. The mailboxes checked.
    Mailboxes,
    /// 10. Done, and the dashboard.
    Done,
}

impl StepId {
    /// Every step, in the wizard's order.
    pub const ALL: [StepId; 10] = [
        StepId::Domain,
        StepId::Senders,
        StepId::Spf,
        StepId::Dkim,
        StepId::Dmarc,
        StepId::Extras,
        StepId::Publish,
        StepId::Propagation,
        StepId::Mailboxes,
        StepId::Done,
    ];

    /// The id saved in the database and sent to the UI (`"propagation"`).
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Domain => "domain",
            StepId::Senders => "senders",
            StepId::Spf => "spf",
            StepId::Dkim => "dkim",
            StepId::Dmarc => "dmarc",
            StepId::Extras => "extras",
            StepId::Publish => "publish",
            StepId::Propagation => "propagation",
            StepId::Mailboxes => "mailboxes",
            StepId::Done => "done",
        }
    }

    /// The step with this id, if there is one.
    pub fn parse(id: &str) -> Option<StepId> {
        StepId::ALL.into_iter().find(|s| s.as_str() == id)
    }
}

/// The public facts of the DKIM key made for a domain. The private key lives only in the
/// keychain; the store has no column that could hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimKeyRow {
    /// The selector the key is published under (`sw202612`).
    pub selector: String,
    /// The kind of key.
    pub algorithm: KeyAlgorithm,
    /// The public key, base64 (the `p=` of the DKIM record), when known.
    pub public_b64: Option<String>,
    /// When the key was made (Unix seconds).
    pub created_at: u64,
}

/// One domain as saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainRow {
    /// The ASCII (A-label) form, lowercase: the key.
    pub domain: String,
    /// The Unicode form for display.
    pub unicode: String,
    /// Where the user was in the wizard.
    pub step: StepId,
    /// What the user chose so far. Choices that can no longer be read come back as the defaults.
    pub choices: PlanChoices,
    /// The last plan built (the JSON of `sendwell plan --format json`).
    pub plan: Option<Value>,
    /// The DKIM key made here, if any (public facts only).
    pub dkim: Option<DkimKeyRow>,
    /// When the domain was first saved (Unix seconds).
    pub created_at: u64,
    /// When anything about it was last saved (Unix seconds).
    pub updated_at: u64,
}

/// One check of a domain, kept in its history (the newest [`super::HISTORY_LIMIT`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRow {
    /// The row id: later checks have larger ids.
    pub id: i64,
    /// The domain checked.
    pub domain: String,
    /// When it was checked (Unix seconds).
    pub at: u64,
    /// The overall verdict.
    pub status: Status,
    /// The `DomainReport` as JSON.
    pub report: Value,
}

/// How a domain's watch stands (the contract's `watch` outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchOutcome {
    /// Still watching (or interrupted by a restart: the app resumes it).
    Running,
    /// Every record is live everywhere.
    AllLive,
    /// The watch gave up at its timeout.
    Timeout,
    /// The user cancelled it.
    Cancelled,
}

impl WatchOutcome {
    /// The id saved in the database (`"all_live"`).
    pub fn as_str(self) -> &'static str {
        match self {
            WatchOutcome::Running => "running",
            WatchOutcome::AllLive => "all_live",
            WatchOutcome::Timeout => "timeout",
            WatchOutcome::Cancelled => "cancelled",
        }
    }

    /// The outcome with this id, if there is one.
    pub fn parse(id: &str) -> Option<WatchOutcome> {
        [
            WatchOutcome::Running,
            WatchOutcome::AllLive,
            WatchOutcome::Timeout,
            WatchOutcome::Cancelled,
        ]
        .into_iter()
        .find(|o| o.as_str() == id)
    }
}

impl From<Outcome> for WatchOutcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::AllLive => WatchOutcome::AllLive,
            Outcome::Timeout => WatchOutcome::Timeout,
            Outcome::Cancelled => WatchOutcome::Cancelled,
        }
    }
}

/// A domain's watch progress. Serialises as the contract's `WatchProgress` (without `saved`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchRow {
    /// Where the watch stands.
    pub outcome: WatchOutcome,
    /// How many records are watched.
    pub records_total: u32,
    /// How many of them are live everywhere.
    pub records_live: u32,
    /// What every server showed so far, to resume after a restart. A saved watch that can no
    /// longer be read (another [`crate::propagation::STATE_VERSION`]) comes back as `None`.
    #[serde(skip)]
    pub saved: Option<SavedWatch>,
    /// When this was saved (Unix seconds).
    pub updated_at: u64,
}

/// A mailbox's servers as `HOST[:PORT]`, `None` where discovery's choice is used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MailServers {
    /// The IMAP server.
    pub imap: Option<String>,
    /// The POP3 server.
    pub pop3: Option<String>,
    /// The SMTP submission server.
    pub smtp: Option<String>,
}

/// One mailbox as saved: settings and the last result, never its password. Serialises as the
/// contract's `MailboxEntry` (without `domain`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MailboxRow {
    /// The address: the key.
    pub address: String,
    /// The saved domain it belongs to.
    #[serde(skip)]
    pub domain: String,
    /// The servers the user set (or accepted).
    pub servers: MailServers,
    /// The last `MailboxReport` as JSON.
    pub report: Option<Value>,
    /// When it was last checked (Unix seconds).
    pub checked_at: Option<u64>,
}

/// One line of the dashboard (the contract's `DomainSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainSummary {
    /// The ASCII form.
    pub domain: String,
    /// The Unicode form.
    pub unicode: String,
    /// Where the user was.
    pub step: StepId,
    /// The verdict of the last check.
    pub status: Option<Status>,
    /// When it was last checked.
    pub checked_at: Option<u64>,
    /// Records watched, or else records in the saved plan (0 without a plan).
    pub records_total: u32,
    /// Records live everywhere, when there is a watch.
    pub records_live: Option<u32>,
    /// The watch's outcome, when there is a watch.
    pub watch: Option<WatchOutcome>,
    /// Mailboxes saved.
    pub mailboxes: u32,
    /// Mailboxes whose last check said `ready`.
    pub mailboxes_ok: u32,
    /// When anything about the domain was last saved.
    pub updated_at: u64,
}

/// Everything about one domain the wizard needs to resume (the contract's `DomainState`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainState {
    /// The ASCII form.
    pub domain: String,
    /// The Unicode form.
    pub unicode: String,
    /// Where the user was.
    pub step: StepId,
    /// What the user chose.
    pub choices: PlanChoices,
    /// The last plan built.
    pub plan: Option<Value>,
    /// The last check's `DomainReport`.
    pub report: Option<Value>,
    /// When that check was made.
    pub checked_at: Option<u64>,
    /// The mailboxes, by address.
    pub mailboxes: Vec<MailboxRow>,
    /// The watch's progress.
    pub watch: Option<WatchRow>,
}

/// What the app shows on launch (the contract's `Session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The domain the user last worked on.
    pub current: Option<String>,
    /// Every saved domain, the most recently changed first.
    pub domains: Vec<DomainSummary>,
    /// What happened to the saved data on opening, if anything needs saying.
    pub notice: Option<StoreNotice>,
}
