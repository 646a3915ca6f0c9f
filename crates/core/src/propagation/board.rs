//! The watch's scoreboard: the state of every record at every server, what changed (the events),
//! the counts per record, when it is all live, and the saved form.

use super::model::{
    ErrorKind, ExpectedRecord, Outcome, PairStatus, RecordProgress, RecordSummary, Role,
    ServerInfo, ServerQueries, ServerStatus, State, StatusEvent, WatchEvent, WatchSummary,
};
use super::probe::Observation;
use super::state::{SavedPair, SavedRecord, SavedWatch, STATE_VERSION};

/// Everything known, `[record][server]`.
#[derive(Debug)]
pub struct Board {
    domain: String,
    records: Vec<ExpectedRecord>,
    servers: Vec<ServerInfo>,
    current: Vec<Vec<Option<PairStatus>>>,
    resumed: Vec<Vec<Option<PairStatus>>>,
    progress: Vec<Option<RecordProgress>>,
    /// Unreachable or refused answers in a row, `[record][server]`.
    failures: Vec<Vec<u32>>,
    started: u64,
}

/// Unreachable or refused answers in a row after which a resolver leaves the goal (it stays in
/// the table, and comes back as soon as it answers).
pub const GIVE_UP_AFTER: u32 = 3;

/// What applying one observation changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Events to send, in order.
    pub events: Vec<WatchEvent>,
    /// An authoritative server's state changed (resolvers may be asked now).
    pub authoritative_changed: bool,
}

impl Board {
    /// An empty board; `saved` (same domain) seeds what was known before a restart.
    pub fn new(
        domain: &str,
        records: Vec<ExpectedRecord>,
        servers: Vec<ServerInfo>,
        saved: Option<&SavedWatch>,
        now: u64,
    ) -> Self {
        let saved = saved.filter(|s| s.domain == domain);
        let resumed = records
            .iter()
            .map(|r| {
                servers
                    .iter()
                    .map(|s| saved.and_then(|w| w.status(r, &s.label)).cloned())
                    .collect()
            })
            .collect();
        Board {
            domain: domain.to_owned(),
            current: vec![vec![None; servers.len()]; records.len()],
            failures: vec![vec![0; servers.len()]; records.len()],
            progress: vec![None; records.len()],
            resumed,
            records,
            servers,
            started: saved.map_or(now, |s| s.started),
        }
    }

    /// The records watched.
    pub fn records(&self) -> &[ExpectedRecord] {
        &self.records
    }

    /// The states known from the saved watch, as events (shown until checked again).
    pub fn resumed_events(&self, now: u64) -> Vec<WatchEvent> {
        let mut out = Vec::new();
        for (j, row) in self.resumed.iter().enumerate() {
            for (i, status) in row.iter().enumerate() {
                if let Some(s) = status {
                    out.push(WatchEvent::Resumed(self.event(j, i, s, now, 0.0)));
                }
            }
        }
        out
    }

    fn event(&self, j: usize, i: usize, s: &PairStatus, now: u64, elapsed: f64) -> StatusEvent {
        StatusEvent {
            record: self.records[j].key(),
            server: self.servers[i].label.clone(),
            role: self.servers[i].role,
            status: s.clone(),
            eta: s.eta_at.filter(|at| *at > now).map(|at| at - now),
            elapsed,
        }
    }

    /// Record what server `i` said about record `j` at `now` (Unix seconds).
    pub fn apply(&mut self, i: usize, j: usize, o: Observation, now: u64, elapsed: f64) -> Applied {
        let role = self.servers[i].role;
        // The TTL counts from the first answer, not from after the follow-up questions.
        let answered = now.saturating_sub(o.answered_at.map_or(0, |at| at.elapsed().as_secs()));
        // An ETA only where waiting ends by itself: "no such record" cached, or the old value
        // cached. Other mistakes (quotes, a wrong value) stay until they are fixed.
        let expires = match o.state {
            State::Waiting => true,
            State::Mismatch => o.problem.as_deref() == Some("watch.old_value"),
            _ => false,
        };
        let eta_at = match (role, o.cached_for) {
            (Role::Resolver, Some(ttl)) if expires => Some(answered + u64::from(ttl)),
            _ => None,
        };
        let before = self.current[j][i].as_ref().or(self.resumed[j][i].as_ref());
        let since = match before {
            Some(b) if b.state == o.state && b.problem == o.problem => b.since,
            _ => now,
        };
        let failures = &mut self.failures[j][i];
        *failures = match o.error {
            Some(ErrorKind::Unreachable | ErrorKind::Refused) => failures.saturating_add(1),
            _ => 0,
        };
        let status = PairStatus {
            state: o.state,
            detail: o.detail,
            problem: o.problem,
            fix: o.fix,
            error: o.error,
            eta_at,
            since,
            checked: now,
        };
        let changed = match &self.current[j][i] {
            None => true,
            Some(c) => {
                c.state != status.state
                    || c.detail != status.detail
                    || c.problem != status.problem
                    || eta_moved(c.eta_at, status.eta_at)
            }
        };
        let mut applied = Applied::default();
        if changed {
            applied.authoritative_changed = role == Role::Authoritative
                && self.current[j][i].as_ref().map(|c| c.state) != Some(status.state);
            applied
                .events
                .push(WatchEvent::Status(self.event(j, i, &status, now, elapsed)));
        }
        self.current[j][i] = Some(status);
        let progress = self.progress_of(j);
        if self.progress[j].as_ref() != Some(&progress) {
            applied.events.push(WatchEvent::Record(progress.clone()));
            self.progress[j] = Some(progress);
        }
        applied
    }

    /// Record `j`'s counts and sentence.
    pub fn progress_of(&self, j: usize) -> RecordProgress {
        let r = &self.records[j];
        let count = |role: Role, state: State| {
            self.servers
                .iter()
                .zip(&self.current[j])
                .filter(|(s, c)| s.role == role && c.as_ref().is_some_and(|c| c.state == state))
                .count()
        };
        let total = |role: Role| self.servers.iter().filter(|s| s.role == role).count();
        let (published, authoritative) = (
            count(Role::Authoritative, State::Published),
            total(Role::Authoritative),
        );
        let (live, resolvers) = (count(Role::Resolver, State::Live), total(Role::Resolver));
        let unreachable = (0..self.servers.len())
            .filter(|&i| self.gave_up(j, i))
            .count();
        let reachable = resolvers - unreachable;
        let mut parts = Vec::new();
        if authoritative > 0 {
            parts.push(match published {
                0 => "not published yet".to_owned(),
                k if k == authoritative => "published".to_owned(),
                k => format!("published on {k} of {authoritative} name servers"),
            });
        }
        if resolvers > 0 {
            parts.push(match live {
                0 => "not live yet".to_owned(),
                k if k == resolvers => "live".to_owned(),
                k if unreachable > 0 => format!("live at {k} of {reachable} reachable resolvers"),
                k => format!("live on {k} of {resolvers} resolvers"),
            });
            if unreachable > 0 {
                parts.push(format!("{unreachable} unreachable"));
            }
        }
        RecordProgress {
            record: r.key(),
            kind: r.kind,
            name: r.name.clone(),
            published,
            authoritative,
            live,
            resolvers,
            unreachable,
            done: self.record_live(j),
            summary: parts.join("; "),
        }
    }

    /// Record `j` is published on every name server that answers (at least one), or no name
    /// server can tell (none given, or every one failed): resolvers may be asked. Asking while
    /// one name server still lacks it could make a resolver ask that one and cache "no such
    /// record" for the zone's negative TTL (RFC 2308 §5), often an hour.
    pub fn may_ask_resolvers(&self, j: usize) -> bool {
        let states: Vec<Option<State>> = self
            .servers
            .iter()
            .zip(&self.current[j])
            .filter(|(s, _)| s.role == Role::Authoritative)
            .map(|(_, c)| c.as_ref().map(|c| c.state))
            .collect();
        let everywhere = states
            .iter()
            .all(|s| matches!(s, Some(State::Published | State::Error)));
        everywhere
            && (states.contains(&Some(State::Published))
                || states.iter().all(|s| *s == Some(State::Error)))
    }

    /// Resolver `i` could not be reached about record `j` on its last [`GIVE_UP_AFTER`] tries.
    fn gave_up(&self, j: usize, i: usize) -> bool {
        self.servers[i].role == Role::Resolver && self.failures[j][i] >= GIVE_UP_AFTER
    }

    /// Every record is live at every reachable resolver (at least one, when resolvers are asked)
    /// and published on every name server that answers.
    pub fn all_live(&self) -> bool {
        (0..self.records.len()).all(|j| self.record_live(j))
    }

    /// Record `j` is live at every reachable resolver and published on every name server that
    /// answers (the per-record half of [`Self::all_live`]).
    pub fn record_live(&self, j: usize) -> bool {
        {
            let mut seen = false;
            let mut live = false;
            let ok = self
                .servers
                .iter()
                .zip(&self.current[j])
                .enumerate()
                .all(|(i, (s, c))| {
                    let state = c.as_ref().map(|c| c.state);
                    seen |= matches!(state, Some(State::Published | State::Live));
                    live |= state == Some(State::Live);
                    match s.role {
                        Role::Resolver => state == Some(State::Live) || self.gave_up(j, i),
                        Role::Authoritative => {
                            matches!(state, Some(State::Published | State::Error))
                        }
                    }
                });
            let resolvers = self.servers.iter().any(|s| s.role == Role::Resolver);
            ok && seen && (live || !resolvers)
        }
    }

    /// The summary at the end.
    pub fn summary(&self, outcome: Outcome, elapsed: f64, spent: &[u64]) -> WatchSummary {
        let records = (0..self.records.len())
            .map(|j| RecordSummary {
                progress: self.progress_of(j),
                servers: self
                    .servers
                    .iter()
                    .zip(&self.current[j])
                    .map(|(s, c)| ServerStatus {
                        server: s.label.clone(),
                        role: s.role,
                        status: c.clone(),
                    })
                    .collect(),
            })
            .collect();
        let nothing_answered = !self
            .current
            .iter()
            .flatten()
            .any(|c| c.as_ref().is_some_and(|c| c.state != State::Error));
        WatchSummary {
            domain: self.domain.clone(),
            outcome,
            elapsed,
            queries: spent.iter().sum(),
            server_queries: self
                .servers
                .iter()
                .zip(spent)
                .map(|(s, q)| ServerQueries {
                    server: s.label.clone(),
                    queries: *q,
                })
                .collect(),
            records,
            nothing_answered: nothing_answered && !self.records.is_empty(),
            state_error: None,
        }
    }

    /// The saved form: what was checked in this run, else what the saved watch knew.
    pub fn saved(&self, now: u64) -> SavedWatch {
        SavedWatch {
            version: STATE_VERSION,
            domain: self.domain.clone(),
            started: self.started,
            saved: now,
            records: self
                .records
                .iter()
                .enumerate()
                .map(|(j, r)| SavedRecord {
                    record: r.key(),
                    content: r.content.clone(),
                    servers: self
                        .servers
                        .iter()
                        .enumerate()
                        .filter_map(|(i, s)| {
                            let status = self.current[j][i]
                                .as_ref()
                                .or(self.resumed[j][i].as_ref())?;
                            Some(SavedPair {
                                server: s.label.clone(),
                                role: s.role,
                                status: status.clone(),
                            })
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// An ETA worth a new event: it appeared, went away, or moved by more than 2 s.
fn eta_moved(a: Option<u64>, b: Option<u64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.abs_diff(b) > 2,
        (None, None) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::RecordType;

    fn board() -> Board {
        board_with(&[
            ("ns1", Role::Authoritative),
            ("ns2", Role::Authoritative),
            ("resolver", Role::Resolver),
        ])
    }

    fn board_with(servers: &[(&str, Role)]) -> Board {
        let record = ExpectedRecord {
            kind: RecordType::Txt,
            name: "example.com".into(),
            host: "@".into(),
            content: "v=spf1 -all".into(),
            priority: None,
            ttl: 300,
            old: None,
        };
        let server = |label: &str, role| ServerInfo {
            label: label.into(),
            address: None,
            role,
        };
        Board::new(
            "example.com",
            vec![record],
            servers.iter().map(|(l, r)| server(l, *r)).collect(),
            None,
            1_000,
        )
    }

    fn seen(state: State) -> Observation {
        Observation {
            state,
            detail: state.as_str().into(),
            problem: None,
            fix: None,
            error: None,
            cached_for: Some(10),
            answered_at: None,
        }
    }

    #[test]
    fn counts_gates_and_the_end_follow_the_states() {
        use State::*;
        // (ns1, ns2, resolver) → (sentence, resolvers may be asked, all live)
        for (states, sentence, gate, done) in [
            (
                [None, None, None],
                "not published yet; not live yet",
                false,
                false,
            ),
            (
                [Some(Waiting), Some(Waiting), None],
                "not published yet; not live yet",
                false,
                false,
            ),
            (
                [Some(Published), Some(Waiting), None],
                "published on 1 of 2 name servers; not live yet",
                false,
                false,
            ),
            (
                [Some(Published), None, None],
                "published on 1 of 2 name servers; not live yet",
                false,
                false,
            ),
            (
                [Some(Published), Some(Mismatch), None],
                "published on 1 of 2 name servers; not live yet",
                false,
                false,
            ),
            (
                [Some(Published), Some(Error), Some(Live)],
                "published on 1 of 2 name servers; live",
                true,
                true,
            ),
            (
                [Some(Error), Some(Error), None],
                "not published yet; not live yet",
                true,
                false,
            ),
            (
                [Some(Published), Some(Published), Some(Waiting)],
                "published; not live yet",
                true,
                false,
            ),
            (
                [Some(Published), Some(Published), Some(Live)],
                "published; live",
                true,
                true,
            ),
            (
                [Some(Error), Some(Error), Some(Error)],
                "not published yet; not live yet",
                true,
                false,
            ),
        ] {
            let mut b = board();
            for (i, state) in states.iter().enumerate() {
                if let Some(state) = state {
                    b.apply(i, 0, seen(*state), 1_000, 0.0);
                }
            }
            assert_eq!(b.progress_of(0).summary, sentence, "{states:?}");
            assert_eq!(b.may_ask_resolvers(0), gate, "{states:?}");
            assert_eq!(b.all_live(), done, "{states:?}");
        }
    }

    #[test]
    fn an_eta_only_for_resolvers_and_since_kept_while_unchanged() {
        let mut b = board();
        let first = b.apply(2, 0, seen(State::Waiting), 1_000, 0.0);
        assert!(
            matches!(&first.events[0], WatchEvent::Status(s) if s.status.eta_at == Some(1_010) && s.eta == Some(10))
        );
        let again = b.apply(2, 0, seen(State::Waiting), 1_001, 1.0);
        assert!(
            again.events.is_empty(),
            "same state, same ETA within 2 s: no event"
        );
        let ns = b.apply(0, 0, seen(State::Published), 1_002, 2.0);
        assert!(ns.authoritative_changed);
        assert!(matches!(&ns.events[0], WatchEvent::Status(s) if s.status.eta_at.is_none()));
        b.apply(2, 0, seen(State::Live), 1_011, 11.0);
        b.apply(2, 0, seen(State::Live), 1_020, 20.0);
        let saved = b.saved(1_020);
        let at_resolver = &saved.records[0].servers[1];
        assert_eq!(
            (at_resolver.status.since, at_resolver.status.checked),
            (1_011, 1_020)
        );
    }

    #[test]
    fn a_resolver_unreachable_on_every_recent_try_leaves_the_goal() {
        let mut b = board_with(&[
            ("ns1", Role::Authoritative),
            ("resolver", Role::Resolver),
            ("blocked", Role::Resolver),
        ]);
        let unreachable = || Observation {
            error: Some(ErrorKind::Unreachable),
            cached_for: None,
            ..seen(State::Error)
        };
        b.apply(0, 0, seen(State::Published), 1_000, 0.0);
        b.apply(1, 0, seen(State::Live), 1_000, 0.0);
        for n in 1..GIVE_UP_AFTER {
            b.apply(2, 0, unreachable(), 1_000 + u64::from(n), 0.0);
            assert!(!b.all_live(), "after {n} tries it may still answer");
        }
        b.apply(2, 0, unreachable(), 1_010, 0.0);
        assert!(b.all_live());
        let p = b.progress_of(0);
        assert_eq!(
            p.summary,
            "published; live at 1 of 1 reachable resolvers; 1 unreachable"
        );
        assert_eq!((p.live, p.resolvers, p.unreachable), (1, 2, 1));

        // Every resolver unreachable is not "live": nobody has seen the record.
        let mut b = board_with(&[("ns1", Role::Authoritative), ("blocked", Role::Resolver)]);
        b.apply(0, 0, seen(State::Published), 1_000, 0.0);
        for n in 0..GIVE_UP_AFTER + 2 {
            b.apply(1, 0, unreachable(), 1_000 + u64::from(n), 0.0);
        }
        assert!(!b.all_live());

        // SERVFAIL is an answer from a reachable resolver: it stays in the goal.
        let mut b = board_with(&[
            ("ns1", Role::Authoritative),
            ("resolver", Role::Resolver),
            ("failing", Role::Resolver),
        ]);
        b.apply(0, 0, seen(State::Published), 1_000, 0.0);
        b.apply(1, 0, seen(State::Live), 1_000, 0.0);
        for n in 0..GIVE_UP_AFTER + 2 {
            let o = Observation {
                error: Some(ErrorKind::Servfail),
                ..seen(State::Error)
            };
            b.apply(2, 0, o, 1_000 + u64::from(n), 0.0);
        }
        assert!(!b.all_live());
    }

    #[tokio::test(start_paused = true)]
    async fn the_eta_counts_from_the_first_answer() {
        let mut b = board();
        let answered = tokio::time::Instant::now();
        tokio::time::advance(std::time::Duration::from_secs(3)).await;
        let o = Observation {
            answered_at: Some(answered),
            ..seen(State::Waiting)
        };
        let applied = b.apply(2, 0, o, 1_003, 3.0);
        assert!(
            matches!(&applied.events[0], WatchEvent::Status(s) if s.eta == Some(7)),
            "{:?}",
            applied.events
        );
    }

    #[test]
    fn an_eta_only_for_what_ends_by_itself() {
        for (state, problem, eta) in [
            (State::Waiting, None, Some(10)),
            (State::Mismatch, Some("watch.old_value"), Some(10)),
            (State::Mismatch, Some("watch.extra_quotes"), None),
            (State::Mismatch, Some("watch.different_value"), None),
        ] {
            let mut b = board();
            let o = Observation {
                problem: problem.map(str::to_owned),
                ..seen(state)
            };
            let applied = b.apply(2, 0, o, 1_000, 0.0);
            assert!(
                matches!(&applied.events[0], WatchEvent::Status(s) if s.eta == eta),
                "{problem:?}: {:?}",
                applied.events
            );
        }
    }
}
