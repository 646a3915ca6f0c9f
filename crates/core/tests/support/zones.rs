//! Changing a test zone on the shared servers (tests/servers/README.md): add records on the
//! primary, hold the secondary back, prime Unbound's cache — and put the zone back as its file
//! says, at the start and (through a Drop guard) at the end, so tests can run again in any order.

#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

/// The shared servers' control commands, or `None` (skipped; in CI a failure).
#[derive(Debug, Clone)]
pub struct Servers {
    knotc_primary: String,
    knotc_secondary: String,
    unbound_control: String,
    /// Knot primary, `IP:PORT`.
    pub primary: String,
    /// Knot secondary, `IP:PORT`.
    pub secondary: String,
    /// Unbound, `IP:PORT`.
    pub resolver: String,
}

impl Servers {
    /// Read the env written by tests/servers/start.sh.
    pub fn from_env() -> Option<Servers> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (
            var("SENDWELL_TEST_KNOTC_PRIMARY"),
            var("SENDWELL_TEST_KNOTC_SECONDARY"),
            var("SENDWELL_TEST_UNBOUND_CONTROL"),
            var("SENDWELL_TEST_PRIMARY"),
            var("SENDWELL_TEST_SECONDARY"),
            var("SENDWELL_TEST_RESOLVER"),
        ) {
            (Some(kp), Some(ks), Some(uc), Some(p), Some(s), Some(r)) => Some(Servers {
                knotc_primary: kp,
                knotc_secondary: ks,
                unbound_control: uc,
                primary: p,
                secondary: s,
                resolver: r,
            }),
            _ => {
                let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
                assert!(
                    !in_ci,
                    "CI is set but the test servers' env is not: source $RUN/env from tests/servers/start.sh"
                );
                eprintln!(
                    "skipped: the test servers' env is not set (start tests/servers/start.sh)"
                );
                None
            }
        }
    }

    /// Take `zone` for this test: restored now and again when the guard drops.
    pub fn zone(&self, zone: &str) -> ZoneGuard {
        let guard = ZoneGuard {
            servers: self.clone(),
            zone: zone.to_owned(),
        };
        guard.restore();
        guard
    }

    fn run(&self, command: &str, args: &str) -> String {
        let line = format!("{command} {args}");
        let out = Command::new("sh")
            .arg("-c")
            .arg(&line)
            .output()
            .expect("sh runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "`{line}` failed: {text}");
        text
    }

    /// Ask a server with `kdig +short` (`@IP`, name, type).
    pub fn dig(&self, server: &str, name: &str, kind: &str) -> String {
        let ip = server.split(':').next().unwrap_or(server);
        let out = Command::new("kdig")
            .args([
                &format!("@{ip}"),
                name,
                kind,
                "+short",
                "+timeout=1",
                "+retry=0",
            ])
            .output()
            .expect("kdig runs");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

/// A zone this test changes; dropping it puts the zone back.
pub struct ZoneGuard {
    servers: Servers,
    /// The zone, without the final dot.
    pub zone: String,
}

impl ZoneGuard {
    /// Back to the zone file: secondary thawed, primary reloaded, secondary in step, Unbound's
    /// cache of the zone flushed.
    pub fn restore(&self) {
        let z = &self.zone;
        let s = &self.servers;
        s.run(&s.knotc_secondary, &format!("-b zone-thaw {z}"));
        s.run(&s.knotc_primary, &format!("-b zone-reload {z}"));
        self.wait_in_step(Duration::from_secs(10));
        // Only this zone: other tests (here and in other binaries) rely on what Unbound cached.
        s.run(&s.unbound_control, &format!("flush_zone {z}"));
    }

    /// Wait until the secondary serves the primary's serial.
    pub fn wait_in_step(&self, limit: Duration) {
        let start = Instant::now();
        loop {
            let p = self.servers.dig(&self.servers.primary, &self.zone, "SOA");
            let s = self.servers.dig(&self.servers.secondary, &self.zone, "SOA");
            if !p.is_empty() && p == s {
                return;
            }
            if start.elapsed() > limit {
                let s = &self.servers;
                s.run(&s.knotc_secondary, &format!("zone-refresh {}", self.zone));
                assert!(
                    start.elapsed() < limit * 2,
                    "the secondary did not catch up: primary {p:?}, secondary {s:?}",
                    s = self.servers.dig(&self.servers.secondary, &self.zone, "SOA")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Add one record on the primary in one transaction (`owner` relative to the zone, or
    /// absolute with a final dot; `data` in zone-file syntax, e.g. `"v=spf1 -all"`).
    pub fn add(&self, owner: &str, ttl: u32, kind: &str, data: &str) {
        self.change(&[("set", owner, ttl, kind, data)]);
    }

    /// Several `("set"|"unset", owner, ttl, type, data)` changes in one transaction.
    pub fn change(&self, changes: &[(&str, &str, u32, &str, &str)]) {
        let s = &self.servers;
        let z = &self.zone;
        s.run(&s.knotc_primary, &format!("zone-begin {z}"));
        for (op, owner, ttl, kind, data) in changes {
            let quoted = data.replace('\'', "'\\''");
            let args = if *op == "unset" {
                format!("zone-unset {z} {owner} {kind} '{quoted}'")
            } else {
                format!("zone-set {z} {owner} {ttl} {kind} '{quoted}'")
            };
            s.run(&s.knotc_primary, &args);
        }
        s.run(&s.knotc_primary, &format!("zone-commit {z}"));
    }

    /// Hold the secondary at its current version (no transfers until thawed). Knot drops a
    /// freeze that arrives while a transfer is under way, so this checks and asks again.
    pub fn freeze_secondary(&self) {
        let s = &self.servers;
        let start = Instant::now();
        loop {
            s.run(&s.knotc_secondary, &format!("-b zone-freeze {}", self.zone));
            let status = s.run(&s.knotc_secondary, &format!("zone-status {}", self.zone));
            if status.contains("freeze: yes") {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the secondary does not stay frozen: {status}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Let the secondary catch up again.
    pub fn thaw_secondary(&self) {
        let s = &self.servers;
        s.run(&s.knotc_secondary, &format!("-b zone-thaw {}", self.zone));
    }
}

impl Drop for ZoneGuard {
    fn drop(&mut self) {
        // Never panic while unwinding from a failed assertion.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.restore()));
        if result.is_err() {
            eprintln!("warning: could not restore zone {}", self.zone);
        }
    }
}
