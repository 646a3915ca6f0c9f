//! How often the watch may ask: a token bucket per server (so it is never abusive), the back-off
//! for questions without a TTL to go by, and when to re-ask a resolver after a cached answer.

use std::time::Duration;

use tokio::time::Instant;

/// A token bucket: `rate` queries per second on average, at most `burst` at once.
#[derive(Debug, Clone)]
pub struct Budget {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
    spent: u64,
}

impl Budget {
    /// A full bucket. `rate` below 0.01 per second is raised to that.
    pub fn new(rate: f64, burst: u32) -> Self {
        let burst = f64::from(burst.max(1));
        Budget {
            rate: rate.max(0.01),
            burst,
            tokens: burst,
            last: Instant::now(),
            spent: 0,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        self.last = now;
    }

    /// How long until a token is free (zero when one is).
    pub fn wait_time(&mut self, now: Instant) -> Duration {
        self.refill(now);
        if self.tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - self.tokens) / self.rate)
        }
    }

    /// Wait for a token and spend it.
    pub async fn take(&mut self) {
        loop {
            let wait = self.wait_time(Instant::now());
            if wait.is_zero() {
                break;
            }
            tokio::time::sleep(wait).await;
        }
        self.tokens -= 1.0;
        self.spent += 1;
    }

    /// Spend a token if one is free now; `false` (nothing spent) otherwise.
    pub fn try_take(&mut self) -> bool {
        if self.wait_time(Instant::now()).is_zero() {
            self.tokens -= 1.0;
            self.spent += 1;
            true
        } else {
            false
        }
    }

    /// Pay for `n` queries already sent (follow-ups the resolver made inside one lookup): the
    /// bucket may go into debt, which the next [`Self::take`] waits out.
    pub fn charge(&mut self, n: u64) {
        self.refill(Instant::now());
        self.tokens -= n as f64;
        self.spent += n;
    }

    /// After one paid lookup, pay for the packets it sent beyond the first (`before`/`after`:
    /// the resolver's [`crate::dns::Resolve::questions_sent`]; nothing when it does not count).
    pub fn pay_follow_ups(&mut self, before: Option<u64>, after: Option<u64>) {
        if let (Some(before), Some(after)) = (before, after) {
            let extra = after.saturating_sub(before).saturating_sub(1);
            if extra > 0 {
                self.charge(extra);
            }
        }
    }

    /// Queries spent so far.
    pub fn spent(&self) -> u64 {
        self.spent
    }
}

/// The next pause of a doubling back-off: `base`, `2·base`, … up to `max`.
pub fn backoff(base: Duration, max: Duration, failures: u32) -> Duration {
    let factor = 1u32 << failures.min(16);
    base.saturating_mul(factor).min(max).max(base.min(max))
}

/// How much slower than the base interval a name server's SOA serial is polled, so that the
/// bucket (one query per interval) keeps tokens for the record questions a new serial triggers.
pub const SERIAL_POLL_STRETCH: f64 = 1.5;

/// A little after a cached answer runs out: resolvers count TTLs in whole seconds, so asking at
/// exactly the TTL can still hit the old copy.
pub const AFTER_EXPIRY: Duration = Duration::from_millis(600);

/// When to ask a resolver again after it returned something with `ttl` seconds left.
pub fn after_ttl(ttl: u32) -> Duration {
    Duration::from_secs(u64::from(ttl)) + AFTER_EXPIRY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let s = Duration::from_secs;
        for (failures, expected) in [(0, 1), (1, 2), (2, 4), (5, 32), (6, 60), (40, 60)] {
            assert_eq!(backoff(s(1), s(60), failures), s(expected), "{failures}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_allows_a_burst_then_the_rate() {
        let mut b = Budget::new(2.0, 3);
        let start = Instant::now();
        for _ in 0..3 {
            b.take().await;
        }
        assert!(start.elapsed() < Duration::from_millis(10), "burst is free");
        for _ in 0..4 {
            b.take().await;
        }
        let spent = start.elapsed().as_secs_f64();
        assert!(
            (1.9..2.2).contains(&spent),
            "4 more at 2/s take 2 s, took {spent}"
        );
        assert_eq!(b.spent(), 7);
    }
}
