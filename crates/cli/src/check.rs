//! `sendwell check DOMAIN...`: validate every name first (exit 2 on the first bad one), then audit
//! them all concurrently (at most `--concurrency` at a time), print text, JSON or CSV, and exit
//! 0 / 1 / 3 as the contract says.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use futures_util::stream::{self, StreamExt};
use sendwell_core::audit::{audit_domain, AuditSettings, PolicyFetchSettings};
use sendwell_core::authority::HickoryDirect;
use sendwell_core::mailbox::TlsSettings;
use sendwell_core::records::dkim;
use sendwell_core::{DomainName, DomainReport, Error, HickoryResolver, ResolverSettings};

use crate::output;
use crate::{EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK, EXIT_PROBLEMS};

/// How many domains are audited at the same time unless `--concurrency` says otherwise.
const CONCURRENT_DOMAINS: usize = 8;

/// Arguments of `sendwell check`.
#[derive(Debug, Args)]
#[command(
    after_help = "CSV (--csv): RFC 4180, a header line, then one row per domain and finding \
(a domain without findings gets one row with the finding columns empty). Columns: domain, status, \
complete, finding_id, severity, message, fix, rfc."
)]
pub struct CheckArgs {
    /// The domains to check, e.g. example.com.
    #[arg(required = true, value_name = "DOMAIN")]
    domains: Vec<String>,
    /// Ask this DNS server instead of the system's (repeatable): IP or IP:PORT.
    #[arg(long = "resolver", value_name = "IP[:PORT]")]
    resolvers: Vec<String>,
    /// Also look up this DKIM selector (repeatable), e.g. google or s1.
    #[arg(long = "dkim-selector", value_name = "SEL")]
    dkim_selectors: Vec<String>,
    /// Do not probe the common DKIM selectors (google, selector1, s1, k1, ...).
    #[arg(long = "no-dkim-probe")]
    no_dkim_probe: bool,
    /// Also trust the CA certificates in this PEM file when fetching the MTA-STS policy.
    #[arg(long = "ca-file", value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Seconds the MTA-STS policy fetch may take.
    #[arg(long = "mta-sts-timeout", value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    mta_sts_timeout: u64,
    /// How many domains are checked at the same time.
    #[arg(long, value_name = "N", default_value_t = CONCURRENT_DOMAINS,
          value_parser = parse_concurrency)]
    concurrency: usize,
    /// Print one JSON document (an object for one domain, an array for several).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV: one row per domain and finding (see below).
    #[arg(long)]
    csv: bool,
}

fn parse_concurrency(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if (1..=64).contains(&n) => Ok(n),
        _ => Err(format!("'{value}' is not a number from 1 to 64")),
    }
}

/// Run the check and return the exit status.
pub async fn run(args: CheckArgs) -> u8 {
    let names = match args
        .domains
        .iter()
        .map(|d| DomainName::parse(d))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(names) => names,
        Err(e) => return fail(&e, args.json),
    };
    if let Err(e) = args
        .dkim_selectors
        .iter()
        .try_for_each(|s| dkim::validate_selector(s).map(drop))
    {
        return fail(&e, args.json);
    }
    let settings = match resolver_settings(&args.resolvers) {
        Ok(s) => s,
        Err(e) => return fail(&e, args.json),
    };
    let direct = HickoryDirect {
        settings: settings.clone(),
    };
    let resolver = match HickoryResolver::new(&settings) {
        Ok(r) => r,
        Err(e) => return fail(&e, args.json),
    };
    let tls = match &args.ca_file {
        Some(path) => match TlsSettings::with_ca_file(path) {
            Ok(t) => Some(t),
            Err(e) => return fail(&e, args.json),
        },
        None => None,
    };
    let audit = AuditSettings {
        dkim_selectors: args.dkim_selectors.clone(),
        probe_dkim: !args.no_dkim_probe,
        policy_fetch: PolicyFetchSettings {
            tls,
            timeout: Duration::from_secs(args.mta_sts_timeout),
        },
    };
    let reports: Vec<DomainReport> = stream::iter(&names)
        .map(|name| audit_domain(&resolver, &direct, name, &audit))
        .buffered(args.concurrency)
        .collect()
        .await;

    if args.json {
        output::print_json(&reports);
    } else if args.csv {
        print!("{}", output::csv(&reports));
    } else {
        for report in &reports {
            output::print_text(report);
        }
    }
    exit_status(&reports)
}

/// `--resolver` flags first, then `SENDWELL_RESOLVERS`, then the system's resolvers.
fn resolver_settings(flags: &[String]) -> Result<ResolverSettings, Error> {
    if !flags.is_empty() {
        return ResolverSettings::from_servers(flags);
    }
    Ok(sendwell_core::resolver_settings_from_env()?.unwrap_or_default())
}

/// 3 when any lookup could not complete, else 1 when anything is not a pass, else 0.
fn exit_status(reports: &[DomainReport]) -> u8 {
    if reports.iter().any(|r| !r.complete) {
        EXIT_INCOMPLETE
    } else if reports
        .iter()
        .any(|r| r.status != sendwell_core::finding::Status::Pass)
    {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

fn fail(e: &Error, json: bool) -> u8 {
    output::print_error(e, json);
    if e.is_bad_input() {
        EXIT_BAD_INPUT
    } else {
        EXIT_INCOMPLETE
    }
}
