//! A resolver for the watch's unit tests whose answers can be changed while a watch runs:
//! unknown questions are NXDOMAIN with a 10 s negative TTL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::dns::{DnsOutcome, QueryType, Resolve};

/// Shared, changeable fixture answers (clones share them).
#[derive(Debug, Clone, Default)]
pub struct FixtureResolver {
    answers: Arc<Mutex<HashMap<(String, QueryType), DnsOutcome>>>,
    asked: Arc<Mutex<u64>>,
    /// Packets each lookup "sends" beyond the first (CNAME follow-ups), for budget tests.
    extra_packets: u64,
}

impl FixtureResolver {
    /// Answer `name`/`kind` with `outcome` from now on.
    pub fn set(&self, name: &str, kind: QueryType, outcome: DnsOutcome) {
        if let Ok(mut a) = self.answers.lock() {
            a.insert((name.to_ascii_lowercase(), kind), outcome);
        }
    }

    /// Each lookup counts as `n` packets on the wire (a resolver following CNAMEs).
    pub fn with_packets_per_lookup(mut self, n: u64) -> Self {
        self.extra_packets = n.saturating_sub(1);
        self
    }

    /// Questions asked so far.
    pub fn asked(&self) -> u64 {
        self.asked.lock().map(|n| *n).unwrap_or_default()
    }
}

impl Resolve for FixtureResolver {
    fn questions_sent(&self) -> Option<u64> {
        Some(self.asked() * (1 + self.extra_packets))
    }

    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        if let Ok(mut n) = self.asked.lock() {
            *n += 1;
        }
        let key = (name.trim_end_matches('.').to_ascii_lowercase(), kind);
        self.answers
            .lock()
            .ok()
            .and_then(|a| a.get(&key).cloned())
            .unwrap_or(DnsOutcome::NxDomain {
                negative_ttl: Some(10),
            })
    }
}
