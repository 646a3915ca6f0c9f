//! The running propagation watches, one per domain. Each runs as its own task, so it keeps
//! going while the person moves on to other steps; the Propagation step subscribes through a
//! Tauri channel and is first sent the latest event of every kind (a replay), then each new one.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use sendwell_core::propagation::{
    self, CancellationToken, Outcome, WatchEvent, WatchJob, WatchSettings,
};
use sendwell_core::store::{WatchOutcome, WatchRow};
use sendwell_core::HickoryResolver;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::mpsc;

use crate::state::{now, AppState};

/// The latest events of one watch, enough to redraw the whole board.
#[derive(Default)]
struct Latest {
    started: Option<WatchEvent>,
    statuses: BTreeMap<(String, String), WatchEvent>,
    records: BTreeMap<String, WatchEvent>,
    warnings: Vec<WatchEvent>,
    summary: Option<WatchEvent>,
}

impl Latest {
    fn keep(&mut self, event: &WatchEvent) {
        match event {
            WatchEvent::Started { .. } => self.started = Some(event.clone()),
            WatchEvent::Resumed(s) | WatchEvent::Status(s) => {
                self.statuses
                    .insert((s.record.clone(), s.server.clone()), event.clone());
            }
            WatchEvent::Record(p) => {
                self.records.insert(p.record.clone(), event.clone());
            }
            WatchEvent::Warning { .. } => self.warnings.push(event.clone()),
            WatchEvent::Summary(_) => self.summary = Some(event.clone()),
        }
    }

    fn replay(&self) -> Vec<WatchEvent> {
        let mut all: Vec<WatchEvent> = self.started.iter().cloned().collect();
        all.extend(self.statuses.values().cloned());
        all.extend(self.records.values().cloned());
        all.extend(self.warnings.iter().cloned());
        all.extend(self.summary.iter().cloned());
        all
    }

    /// Records live everywhere, and records in all.
    fn counts(&self) -> (usize, usize) {
        let live = self
            .records
            .values()
            .filter(|e| matches!(e, WatchEvent::Record(p) if p.done))
            .count();
        let total = match &self.started {
            Some(WatchEvent::Started { records, .. }) => records.len(),
            _ => self.records.len(),
        };
        (live, total)
    }
}

struct Entry {
    cancel: CancellationToken,
    running: bool,
    subscribers: Vec<Channel<WatchEvent>>,
    latest: Latest,
}

/// Every watch of this run of the app, by domain (finished ones stay for their replay).
#[derive(Default, Clone)]
pub struct Watches {
    inner: Arc<Mutex<HashMap<String, Entry>>>,
}

impl Watches {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// If a watch of `domain` is running, subscribe `channel` to it (after the replay) and
    /// return true.
    pub fn attach(&self, domain: &str, channel: &Channel<WatchEvent>) -> bool {
        let mut map = self.lock();
        let Some(entry) = map.get_mut(domain).filter(|e| e.running) else {
            return false;
        };
        for event in entry.latest.replay() {
            if channel.send(event).is_err() {
                return true;
            }
        }
        entry.subscribers.push(channel.clone());
        true
    }

    /// Start watching `job`; events go to `channel` (when given) and into the store.
    pub fn start<R: Runtime>(
        &self,
        app: AppHandle<R>,
        job: WatchJob<HickoryResolver>,
        settings: WatchSettings,
        channel: Option<Channel<WatchEvent>>,
    ) {
        let domain = job.domain.clone();
        let cancel = CancellationToken::new();
        self.lock().insert(
            domain.clone(),
            Entry {
                cancel: cancel.clone(),
                running: true,
                subscribers: channel.into_iter().collect(),
                latest: Latest::default(),
            },
        );
        let watches = self.clone();
        tauri::async_runtime::spawn(async move {
            let (tx, mut rx) = mpsc::channel(256);
            let run = propagation::watch(job, &settings, tx, cancel);
            let forward = async {
                while let Some(event) = rx.recv().await {
                    watches.publish(&app, &domain, event);
                }
            };
            let (result, ()) = tokio::join!(run, forward);
            if let Err(e) = result {
                let message = e.to_payload().message;
                watches.publish(&app, &domain, WatchEvent::Warning { message });
            }
            if let Some(entry) = watches.lock().get_mut(&domain) {
                entry.running = false;
                entry.subscribers.clear();
            }
        });
    }

    /// Stop the watch of `domain` (it saves its state and sends its summary). False when none runs.
    pub fn cancel(&self, domain: &str) -> bool {
        match self.lock().get(domain).filter(|e| e.running) {
            Some(entry) => {
                entry.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Stop every watch (the app is closing); each saves its state.
    pub fn cancel_all(&self) {
        for entry in self.lock().values() {
            entry.cancel.cancel();
        }
    }

    /// Keep the event, send it to the subscribers still listening, save the progress, and
    /// notify the desktop when everything is live.
    fn publish<R: Runtime>(&self, app: &AppHandle<R>, domain: &str, event: WatchEvent) {
        let counts = {
            let mut map = self.lock();
            let Some(entry) = map.get_mut(domain) else {
                return;
            };
            entry.latest.keep(&event);
            entry.subscribers.retain(|c| c.send(event.clone()).is_ok());
            entry.latest.counts()
        };
        let outcome = match &event {
            WatchEvent::Summary(s) => Some(s.outcome),
            WatchEvent::Record(_) | WatchEvent::Started { .. } => None,
            _ => return,
        };
        save_progress(app, domain, outcome, counts);
        if outcome == Some(Outcome::AllLive) {
            notify_all_live(app, domain);
        }
    }
}

fn save_progress<R: Runtime>(
    app: &AppHandle<R>,
    domain: &str,
    outcome: Option<Outcome>,
    (live, total): (usize, usize),
) {
    let state = app.state::<AppState>();
    let row = WatchRow {
        outcome: outcome.map_or(WatchOutcome::Running, WatchOutcome::from),
        records_total: u32::try_from(total).unwrap_or(u32::MAX),
        records_live: u32::try_from(live).unwrap_or(u32::MAX),
        saved: None,
        updated_at: now(),
    };
    // Progress that cannot be saved is shown live anyway; the watch's own state file keeps
    // what is needed to resume.
    let _ = state.store().save_watch(domain, &row);
}

fn notify_all_live<R: Runtime>(app: &AppHandle<R>, domain: &str) {
    let _ = app
        .notification()
        .builder()
        .title("Your email records are live")
        .body(format!(
            "Every record for {domain} is published and live. Open Sendwell to check your mailboxes."
        ))
        .show();
}
