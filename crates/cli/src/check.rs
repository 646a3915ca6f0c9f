//! `sendwell check DOMAIN...`: validate every name first (exit 2 on the first bad one), then look
//! them all up concurrently, print text or JSON, and exit 0 / 1 / 3 as the contract says.

use clap::Args;
use futures_util::stream::{self, StreamExt};
use sendwell_core::records::dkim;
use sendwell_core::{
    check_domain, DomainName, DomainReport, Error, HickoryResolver, ResolverSettings,
};

use crate::output;
use crate::{EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK, EXIT_PROBLEMS};

/// How many domains are looked up at the same time.
const CONCURRENT_DOMAINS: usize = 8;

/// Arguments of `sendwell check`.
#[derive(Debug, Args)]
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
    /// Print one JSON document (an object for one domain, an array for several).
    #[arg(long)]
    json: bool,
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
    let resolver = match HickoryResolver::new(&settings) {
        Ok(r) => r,
        Err(e) => return fail(&e, args.json),
    };
    let selectors = &args.dkim_selectors;
    let reports: Vec<DomainReport> = stream::iter(&names)
        .map(|name| check_domain(&resolver, name, selectors))
        .buffered(CONCURRENT_DOMAINS)
        .collect()
        .await;

    if args.json {
        output::print_json(&reports);
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
