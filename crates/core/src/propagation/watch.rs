//! The watch loop: one worker per server (each with its own query budget and schedule) feeding
//! one scoreboard, which sends events, saves the state, and stops when all is live, at the
//! timeout, or when cancelled.

use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::{mpsc, watch as signal};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::board::Board;
use super::model::{ExpectedRecord, Outcome, Role, State, Target, WatchEvent, WatchSummary};
use super::probe::{probe_with, Observation};
use super::schedule::{after_ttl, backoff, Budget, SERIAL_POLL_STRETCH};
use super::settings::WatchSettings;
use super::state::{set_aside, unix_now, SavedWatch};
use crate::dns::{QueryType, Resolve};
use crate::error::Result;

/// What to watch: the domain, its expected records, and the servers to ask.
#[derive(Debug, Clone)]
pub struct WatchJob<R> {
    /// The domain (ASCII), for the doubled-name check and the saved state.
    pub domain: String,
    /// The apex of the zone holding the records, when known: each name server's SOA serial
    /// there is polled every interval and the records are asked again when it changes
    /// (RFC 1996 §2: a new serial is a new zone version). Without it every record is polled.
    pub apex: Option<String>,
    /// The records to wait for.
    pub records: Vec<ExpectedRecord>,
    /// Name servers (asked directly) and resolvers, in the order shown.
    pub targets: Vec<Target<R>>,
}

/// Watch until every record is live, the timeout passes, or `cancel` fires. Progress goes to
/// `events` (a dropped receiver is fine); the state is saved to `settings.state_path` as it
/// changes and at the end. Errors only for a saved state that cannot be read, or written at the
/// start; a save that fails later is a [`WatchEvent::Warning`] and the summary's `state_error`.
pub async fn watch<R: Resolve>(
    job: WatchJob<R>,
    settings: &WatchSettings,
    events: mpsc::Sender<WatchEvent>,
    cancel: CancellationToken,
) -> Result<WatchSummary> {
    let start = Instant::now();
    let mut warnings = Vec::new();
    let saved = match &settings.state_path {
        Some(path) => match SavedWatch::load(path)? {
            // Another domain's watch: kept aside, not overwritten.
            Some(other) if other.domain != job.domain => {
                let aside = set_aside(path)?;
                warnings.push(format!(
                    "The saved watch in {} was for {}; it was moved to {} and this watch starts afresh.",
                    path.display(),
                    other.domain,
                    aside.display()
                ));
                None
            }
            saved => saved,
        },
        None => None,
    };
    let servers = job.targets.iter().map(|t| t.info.clone()).collect();
    let mut board = Board::new(
        &job.domain,
        job.records.clone(),
        servers,
        saved.as_ref(),
        unix_now(),
    );
    if let Some(path) = &settings.state_path {
        board.saved(unix_now()).save(path)?;
    }
    // A slow events reader must not hold the watch past its timeout or a cancel: an event that
    // cannot be handed over by then is dropped (the summary is also the return value).
    let deadline = settings.timeout.and_then(|t| start.checked_add(t));
    let send = |e: WatchEvent| {
        let events = events.clone();
        let cancel = cancel.clone();
        async move {
            tokio::select! {
                _ = events.send(e) => {}
                _ = cancel.cancelled() => {}
                _ = sleep_until_deadline(deadline) => {}
            }
        }
    };
    send(WatchEvent::Started {
        domain: job.domain.clone(),
        records: job.records.iter().map(ExpectedRecord::key).collect(),
        servers: job.targets.iter().map(|t| t.info.clone()).collect(),
    })
    .await;
    for message in warnings {
        send(WatchEvent::Warning { message }).await;
    }
    for e in board.resumed_events(unix_now()) {
        send(e).await;
    }

    let (obs_tx, mut obs_rx) = mpsc::channel::<(usize, usize, Observation)>(64);
    let gates: Vec<bool> = (0..job.records.len())
        .map(|j| board.may_ask_resolvers(j))
        .collect();
    let (gate_tx, gate_rx) = signal::channel(gates);
    let stop = cancel.child_token();
    let workers = join_all(job.targets.iter().enumerate().map(|(i, t)| {
        worker(
            i,
            t,
            &job.records,
            &job.domain,
            job.apex.as_deref(),
            settings,
            obs_tx.clone(),
            gate_rx.clone(),
            stop.clone(),
        )
    }));
    drop(obs_tx);

    let coordinator = async {
        let mut save_tick = tokio::time::interval(Duration::from_secs(1));
        let mut dirty = false;
        let mut save_failing = false;
        let outcome = if board.all_live() {
            Outcome::AllLive
        } else {
            loop {
                tokio::select! {
                    got = obs_rx.recv() => {
                        let Some((i, j, o)) = got else { break Outcome::Cancelled };
                        let elapsed = start.elapsed().as_secs_f64();
                        let applied = board.apply(i, j, o, unix_now(), elapsed);
                        dirty |= !applied.events.is_empty();
                        for e in applied.events {
                            send(e).await;
                        }
                        if applied.authoritative_changed {
                            let gates: Vec<bool> =
                                (0..board.records().len()).map(|j| board.may_ask_resolvers(j)).collect();
                            gate_tx.send_if_modified(|g| {
                                let changed = *g != gates;
                                *g = gates;
                                changed
                            });
                        }
                        if board.all_live() {
                            break Outcome::AllLive;
                        }
                    }
                    _ = sleep_until_deadline(deadline) => break Outcome::Timeout,
                    _ = cancel.cancelled() => break Outcome::Cancelled,
                    _ = save_tick.tick() => {
                        if dirty {
                            if let Some(path) = &settings.state_path {
                                // A failed save mid-watch is retried at the next tick and at the
                                // end; the first failure of a run of them is told.
                                match board.saved(unix_now()).save(path) {
                                    Ok(()) => {
                                        dirty = false;
                                        save_failing = false;
                                    }
                                    Err(e) if !save_failing => {
                                        save_failing = true;
                                        send(WatchEvent::Warning { message: e.to_string() }).await;
                                    }
                                    Err(_) => {}
                                }
                            } else {
                                dirty = false;
                            }
                        }
                    }
                }
            }
        };
        stop.cancel();
        // Workers blocked on a full channel see it closed and return.
        obs_rx.close();
        outcome
    };
    let (outcome, spent) = tokio::join!(coordinator, workers);
    let mut summary = board.summary(outcome, start.elapsed().as_secs_f64(), &spent);
    if let Some(path) = &settings.state_path {
        // The watch is done either way: a failed save is told, and the summary still comes.
        if let Err(e) = board.saved(unix_now()).save(path) {
            let message = e.to_string();
            let _ = tokio::time::timeout(
                SUMMARY_GRACE,
                events.send(WatchEvent::Warning {
                    message: message.clone(),
                }),
            )
            .await;
            summary.state_error = Some(message);
        }
    }
    // The summary gets a moment of its own, even after a cancel or the timeout.
    let _ = tokio::time::timeout(
        SUMMARY_GRACE,
        events.send(WatchEvent::Summary(summary.clone())),
    )
    .await;
    Ok(summary)
}

/// How long the final summary waits for a slow events reader.
const SUMMARY_GRACE: Duration = Duration::from_secs(5);

async fn sleep_until_deadline(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// What a worker does next.
#[derive(Debug, Clone, Copy)]
enum Task {
    /// Ask the name server for the zone's SOA serial.
    Serial,
    /// Ask about record `j`.
    Record(usize),
}

/// One record's place in a worker's schedule.
#[derive(Debug, Clone)]
struct Slot {
    /// When to ask next; `None`: finished (live at this resolver).
    next: Option<Instant>,
    /// Questions in a row without a TTL to go by (the back-off exponent).
    misses: u32,
    /// `next` comes from a cached answer's TTL (asking earlier cannot change anything).
    ttl_bound: bool,
    /// The last answer was not the record (a name server's "not yet" or a mistake).
    waiting: bool,
    /// The next question is a recheck of an unchanged zone: the record only, no follow-ups.
    quick: bool,
}

/// Ask server `i` about every record on its schedule until `stop`; returns the queries spent.
#[allow(clippy::too_many_arguments)]
async fn worker<R: Resolve>(
    i: usize,
    target: &Target<R>,
    records: &[ExpectedRecord],
    domain: &str,
    apex: Option<&str>,
    settings: &WatchSettings,
    tx: mpsc::Sender<(usize, usize, Observation)>,
    mut gates: signal::Receiver<Vec<bool>>,
    stop: CancellationToken,
) -> u64 {
    let role = target.info.role;
    let mut budget = Budget::new(settings.queries_per_second, settings.burst);
    let now = Instant::now();
    let mut slots: Vec<Slot> = records
        .iter()
        .map(|_| Slot {
            next: Some(now),
            misses: 0,
            ttl_bound: false,
            waiting: true,
            quick: false,
        })
        .collect();
    let mut serial = SerialPoll {
        apex: apex.filter(|_| role == Role::Authoritative),
        next: now,
        last: None,
        misses: 0,
        unchanged: 0,
    };
    // With a serial to poll, records are asked again when it changes, or every `recheck`.
    let record_period = if serial.apex.is_some() {
        settings.recheck
    } else {
        settings.interval
    };
    loop {
        let open = gates.borrow_and_update().clone();
        let may_ask =
            |j: usize| role == Role::Authoritative || open.get(j).copied().unwrap_or(true);
        // The serial comes first on a tie: it must be read before the records it versions,
        // or a change between the two would go unnoticed until the next recheck.
        let due = serial
            .apex
            .map(|_| (Task::Serial, serial.next))
            .into_iter()
            .chain(
                slots
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| may_ask(*j))
                    .filter_map(|(j, s)| s.next.map(|at| (Task::Record(j), at))),
            )
            .min_by_key(|(_, at)| *at);
        let Some((task, at)) = due else {
            tokio::select! {
                changed = gates.changed() => {
                    if changed.is_err() { return budget.spent(); }
                    if role == Role::Resolver { reopen(&mut slots, &gates.borrow()); }
                    continue;
                }
                _ = stop.cancelled() => return budget.spent(),
            }
        };
        tokio::select! {
            _ = tokio::time::sleep_until(at) => {}
            changed = gates.changed() => {
                if changed.is_err() { return budget.spent(); }
                if role == Role::Resolver { reopen(&mut slots, &gates.borrow()); }
                continue;
            }
            _ = stop.cancelled() => return budget.spent(),
        }
        let j = match task {
            Task::Record(j) => j,
            Task::Serial => {
                let before = (target.resolver.questions_sent(), budget.spent());
                let changed = tokio::select! {
                    c = serial.poll(&target.resolver, &mut budget, settings) => c,
                    _ = stop.cancelled() => {
                        settle(&target.resolver, &mut budget, before);
                        return budget.spent();
                    }
                };
                settle(&target.resolver, &mut budget, before);
                let now = Instant::now();
                for slot in &mut slots {
                    let due = match changed {
                        SerialNews::Changed => true,
                        SerialNews::Stale => slot.waiting,
                        SerialNews::Same => false,
                    };
                    if let Some(next) = slot.next.as_mut().filter(|_| due) {
                        *next = (*next).min(now);
                        slot.quick = changed == SerialNews::Stale;
                    }
                }
                continue;
            }
        };
        let before = (target.resolver.questions_sent(), budget.spent());
        let o = tokio::select! {
            o = probe_with(&target.resolver, &mut budget, &records[j], domain, role, !slots[j].quick) => o,
            _ = stop.cancelled() => {
                settle(&target.resolver, &mut budget, before);
                return budget.spent();
            }
        };
        settle(&target.resolver, &mut budget, before);
        let slot = &mut slots[j];
        slot.quick = false;
        slot.waiting = !matches!(o.state, State::Published | State::Live);
        // The next question is timed from the first answer (its TTL started then).
        let now = o.answered_at.unwrap_or_else(Instant::now);
        match (role, o.state, o.cached_for) {
            (Role::Resolver, State::Live, _) => slot.next = None,
            (Role::Resolver, State::Waiting | State::Mismatch, Some(ttl)) => {
                slot.next = Some(now + after_ttl(ttl));
                slot.ttl_bound = true;
                slot.misses = 0;
            }
            (Role::Authoritative, State::Published | State::Waiting | State::Mismatch, _) => {
                slot.next = Some(now + record_period);
                slot.misses = 0;
            }
            _ => {
                slot.next =
                    Some(now + backoff(settings.interval, settings.max_backoff, slot.misses));
                slot.misses += 1;
                slot.ttl_bound = false;
            }
        }
        let sent = tokio::select! {
            sent = tx.send((i, j, o)) => sent.is_ok(),
            _ = stop.cancelled() => false,
        };
        if !sent {
            return budget.spent();
        }
    }
}

/// Pay for the questions a resolver sent beyond those the budget already paid for (CNAMEs it
/// followed inside one lookup), so the budget counts packets, not lookups.
fn settle<R: Resolve>(resolver: &R, budget: &mut Budget, (sent, spent): (Option<u64>, u64)) {
    if let (Some(before), Some(after)) = (sent, resolver.questions_sent()) {
        let packets = after.saturating_sub(before);
        let paid = budget.spent() - spent;
        if packets > paid {
            budget.charge(packets - paid);
        }
    }
}

/// A record just became askable (published somewhere): ask again now, unless a cached TTL says
/// the answer cannot have changed yet.
fn reopen(slots: &mut [Slot], open: &[bool]) {
    let now = Instant::now();
    for (slot, open) in slots.iter_mut().zip(open) {
        if *open && !slot.ttl_bound {
            if let Some(next) = slot.next.as_mut() {
                *next = (*next).min(now);
            }
            slot.misses = 0;
        }
    }
}

/// Serial polls in a row without a change after which records still waiting at a name server
/// are asked again anyway: some DNS hosts never change the serial (Route 53 keeps 1).
const STALE_SERIAL_POLLS: u32 = 10;

/// What a serial poll says about the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SerialNews {
    /// A new zone version: ask every record again.
    Changed,
    /// The same serial for [`STALE_SERIAL_POLLS`] polls: ask the records still waiting.
    Stale,
    /// Nothing to do.
    Same,
}

/// A name server's SOA serial at the apex, polled every stretched interval.
struct SerialPoll<'a> {
    apex: Option<&'a str>,
    next: Instant,
    last: Option<u32>,
    misses: u32,
    /// Polls in a row that saw the same serial.
    unchanged: u32,
}

impl SerialPoll<'_> {
    /// Ask for the serial if the budget has a token now, and say what it means for the records.
    async fn poll<R: Resolve>(
        &mut self,
        server: &R,
        budget: &mut Budget,
        settings: &WatchSettings,
    ) -> SerialNews {
        let now = Instant::now();
        let period = settings.interval.mul_f64(SERIAL_POLL_STRETCH);
        let Some(apex) = self.apex else {
            return SerialNews::Same;
        };
        if !budget.try_take() {
            // As soon as a token is free: a skipped poll is detection latency.
            self.next = now + budget.wait_time(now).max(Duration::from_millis(100));
            return SerialNews::Same;
        }
        let serial = server
            .lookup(apex, QueryType::Soa)
            .await
            .soa()
            .map(|s| s.serial);
        match serial {
            Some(s) => {
                self.misses = 0;
                self.next = Instant::now() + period;
                let changed = self.last.is_some_and(|last| last != s);
                self.last = Some(s);
                if changed {
                    self.unchanged = 0;
                    return SerialNews::Changed;
                }
                self.unchanged += 1;
                if self.unchanged >= STALE_SERIAL_POLLS {
                    self.unchanged = 0;
                    return SerialNews::Stale;
                }
                SerialNews::Same
            }
            None => {
                // Down or failing: the record questions report it; poll less often meanwhile.
                self.next = Instant::now() + backoff(period, settings.max_backoff, self.misses);
                self.misses += 1;
                SerialNews::Same
            }
        }
    }
}
