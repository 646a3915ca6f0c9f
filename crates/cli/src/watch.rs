//! `sendwell watch DOMAIN --plan FILE`: wait until the plan's records are published on the
//! domain's name servers and live at the resolvers, printing each change (one JSON object per
//! line with `--json`); exit 0 all live, 1 not live by the timeout, 2 bad input, 3 incomplete.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use sendwell_core::dns::parse_server;
use sendwell_core::propagation::{
    self, CancellationToken, Outcome, Role, StatusEvent, WatchEvent, WatchJob, WatchSettings,
    WatchSummary,
};
use sendwell_core::{DomainName, Error, HickoryResolver};
use tokio::io::AsyncWriteExt as _;
use tokio::sync::mpsc;

use crate::output::{print_error, printable};
use crate::{EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK, EXIT_PROBLEMS};

/// Arguments of `sendwell watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The domain whose records to watch, e.g. example.com.
    #[arg(value_name = "DOMAIN")]
    domain: String,
    /// The plan to watch for: the file written by `sendwell plan DOMAIN --format json`.
    #[arg(long = "plan", value_name = "FILE")]
    plan: PathBuf,
    /// Ask this resolver (repeatable): IP or IP:PORT. Replaces the default panel (the system's
    /// resolvers, 8.8.8.8, 1.1.1.1, 9.9.9.9 and 208.67.222.222).
    #[arg(long = "resolver", value_name = "IP[:PORT]")]
    resolvers: Vec<String>,
    /// Ask this name server directly (repeatable): IP or IP:PORT. Replaces finding the domain's
    /// name servers.
    #[arg(long = "authoritative", value_name = "IP[:PORT]")]
    authoritative: Vec<String>,
    /// Base interval in seconds: each server gets at most about one query per interval, and each
    /// name server's SOA serial is polled every 1.5 intervals.
    #[arg(long = "interval", value_name = "SECS", default_value_t = 1.0)]
    interval: f64,
    /// Give up after this long: 90s, 30m, 2h, 1h30m. Default: watch until Ctrl-C.
    #[arg(long = "timeout", value_name = "DURATION")]
    timeout: Option<String>,
    /// Save the watch here (default: beside the plan, `<plan>.watch.json`); a later watch
    /// resumes from it.
    #[arg(long = "state", value_name = "FILE", conflicts_with = "no_state")]
    state: Option<PathBuf>,
    /// Keep no saved state.
    #[arg(long = "no-state")]
    no_state: bool,
    /// Print one JSON object per line as states change, and a summary line at the end.
    #[arg(long)]
    json: bool,
}

/// Run the watch and return the exit status.
pub async fn run(args: WatchArgs) -> u8 {
    let json = args.json;
    let prepared = match prepare(&args).await {
        Ok(p) => p,
        Err(e) => {
            print_error(&e, json);
            return if e.is_bad_input() {
                EXIT_BAD_INPUT
            } else {
                EXIT_INCOMPLETE
            };
        }
    };
    let (job, settings) = prepared;
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let (tx, rx) = mpsc::channel(256);
    let state_path = settings.state_path.clone();
    // Printing runs in its own task, so a terminal or pipe that does not keep up never holds
    // the watch (it stops at its timeout or Ctrl-C regardless).
    let printer = tokio::spawn(print_events(rx, json));
    let result = propagation::watch(job, &settings, tx, cancel).await;
    let _ = printer.await;
    match result {
        Ok(summary) => {
            if !json && summary.state_error.is_none() {
                if let Some(path) = &state_path {
                    eprintln!("note: progress saved in {}", path.display());
                }
            }
            exit_status(&summary)
        }
        Err(e) => {
            print_error(&e, json);
            if e.is_bad_input() {
                EXIT_BAD_INPUT
            } else {
                EXIT_INCOMPLETE
            }
        }
    }
}

/// 0 all live; 1 not live by the timeout; 3 cancelled, or nothing ever answered.
fn exit_status(s: &WatchSummary) -> u8 {
    match s.outcome {
        Outcome::AllLive => EXIT_OK,
        _ if s.nothing_answered => EXIT_INCOMPLETE,
        Outcome::Timeout => EXIT_PROBLEMS,
        Outcome::Cancelled => EXIT_INCOMPLETE,
    }
}

/// Validate every input, then build the job: the plan's records and the servers to ask.
async fn prepare(args: &WatchArgs) -> Result<(WatchJob<HickoryResolver>, WatchSettings), Error> {
    let domain = DomainName::parse(&args.domain)?;
    let plan = propagation::read_plan_file(&args.plan)?;
    if !plan
        .domain
        .trim_end_matches('.')
        .eq_ignore_ascii_case(&domain.ascii)
    {
        return Err(Error::WatchPlanDomain {
            plan_domain: plan.domain.clone(),
            domain: domain.ascii.clone(),
        });
    }
    let records = propagation::plan_records(&plan, &domain.ascii, &args.plan)?;
    let mut settings = WatchSettings::with_interval(args.interval)?;
    settings.timeout = args
        .timeout
        .as_deref()
        .map(propagation::parse_duration)
        .transpose()?;
    settings.state_path = match (&args.state, args.no_state) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) => Some(propagation::default_state_path(&args.plan)),
    };
    let resolvers: Vec<SocketAddr> = if args.resolvers.is_empty() {
        sendwell_core::resolver_settings_from_env()?
            .map(|s| s.servers)
            .unwrap_or_default()
    } else {
        args.resolvers
            .iter()
            .map(|r| parse_server(r))
            .collect::<Result<_, _>>()?
    };
    let given: Vec<SocketAddr> = args
        .authoritative
        .iter()
        .map(|a| parse_server(a))
        .collect::<Result<_, _>>()?;
    let servers = propagation::JobServers {
        resolvers,
        authoritative: given,
    };
    let (job, findings) =
        propagation::prepare_job(&domain, records, &servers, &mut settings).await?;
    for f in &findings {
        eprintln!("note: {} ({})", printable(&f.message), f.id);
    }
    Ok((job, settings))
}

/// Print events as they come: JSON lines, or readable lines and a final table.
async fn print_events(mut rx: mpsc::Receiver<WatchEvent>, json: bool) {
    let mut out = tokio::io::stdout();
    while let Some(event) = rx.recv().await {
        let text = if json {
            match serde_json::to_string(&event) {
                Ok(t) => t + "\n",
                Err(e) => format!("{{\"error\":\"could not write JSON: {e}\"}}\n"),
            }
        } else {
            printable(&text_of(&event))
        };
        let _ = out.write_all(text.as_bytes()).await;
        let _ = out.flush().await;
    }
}

/// The readable form of one event.
fn text_of(event: &WatchEvent) -> String {
    match event {
        WatchEvent::Started {
            domain,
            records,
            servers,
        } => {
            let ns = servers
                .iter()
                .filter(|s| s.role == Role::Authoritative)
                .count();
            format!(
                "Watching {} record(s) of {domain} on {ns} name server(s) and {} resolver(s). Ctrl-C stops.\n",
                records.len(),
                servers.len() - ns
            )
        }
        WatchEvent::Resumed(s) => format!("[saved ] {}\n", status_line(s)),
        WatchEvent::Status(s) => format!("[{:>5.1}s] {}\n", s.elapsed, status_line(s)),
        WatchEvent::Record(p) => format!("         {} — {}\n", p.record, p.summary),
        WatchEvent::Warning { message } => format!("warning: {message}\n"),
        WatchEvent::Summary(s) => summary_table(s),
    }
}

fn status_line(s: &StatusEvent) -> String {
    let mut line = format!("{} at {}: {}", s.record, s.server, s.status.state.as_str());
    if s.status.detail != s.status.state.as_str() {
        line.push_str(&format!(" — {}", s.status.detail));
    }
    if let Some(eta) = s.eta {
        line.push_str(&format!(" (expected within {eta} s)"));
    }
    if let Some(fix) = &s.status.fix {
        line.push_str(&format!("\n           fix: {fix}"));
    }
    line
}

fn summary_table(s: &WatchSummary) -> String {
    let verdict = match s.outcome {
        Outcome::AllLive => "everything is live",
        Outcome::Timeout => "not everything is live yet (timed out)",
        Outcome::Cancelled => "stopped before everything was live",
    };
    let mut out = format!(
        "\n{} — {verdict} after {:.0} s ({} queries)\n",
        s.domain, s.elapsed, s.queries
    );
    for r in &s.records {
        out.push_str(&format!(
            "\n{}: {}\n",
            r.progress.record, r.progress.summary
        ));
        for server in &r.servers {
            let (state, detail) = match &server.status {
                Some(st) if st.detail != st.state.as_str() => {
                    (st.state.as_str(), format!("  {}", st.detail))
                }
                Some(st) => (st.state.as_str(), String::new()),
                None => ("-", "  not asked yet".to_owned()),
            };
            out.push_str(&format!("  {:<36} {state:<10}{detail}\n", server.server));
        }
    }
    out
}
