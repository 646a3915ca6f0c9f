//! What every CLI test needs: the built `sendwell` binary, run without the caller's resolver
//! setting, and the test resolver from `tests/servers/start.sh` (skip outside CI, fail in CI).

#![allow(dead_code)]

use std::process::{Command, Output};

/// Run the built binary with `args`; `SENDWELL_RESOLVERS` is removed so only flags count.
pub fn sendwell(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .env_remove("SENDWELL_RESOLVERS")
        .output()
        .expect("sendwell runs")
}

/// The test resolver (`IP:PORT`), or `None`: the test is then skipped, and in CI it fails.
pub fn resolver() -> Option<String> {
    match std::env::var("SENDWELL_RESOLVERS") {
        Ok(v) if !v.is_empty() => Some(v.split(',').next().unwrap_or_default().to_owned()),
        _ => {
            let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
            assert!(
                !in_ci,
                "CI is set but SENDWELL_RESOLVERS is not: start tests/servers/start.sh"
            );
            eprintln!(
                "skipped: SENDWELL_RESOLVERS is not set (run `make test` to start the test servers)"
            );
            None
        }
    }
}
