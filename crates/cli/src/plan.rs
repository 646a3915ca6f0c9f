//! `sendwell plan DOMAIN`: read what the domain publishes today (unless `--offline`), build the
//! record set for the chosen senders and DNS panel, and print it as a table, zone, CSV, JSON or HTML.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use sendwell_core::calendar::Date;
use sendwell_core::export;
use sendwell_core::plan::{
    self, BimiChoice, Change, ExistingRecords, MtaStsChoice, Plan, PlanChoices,
};
use sendwell_core::records::dkim::KeyAlgorithm;
use sendwell_core::records::dmarc::Policy;
use sendwell_core::secrets::{Keychain, Secret};
use sendwell_core::{DomainName, Error, HickoryResolver, ResolverSettings};

use crate::output::{print_error, printable};
use crate::{EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK};

/// `--dkim-key`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DkimKeyArg {
    /// RSA, 2048 bits (the default; every receiver understands it).
    Rsa2048,
    /// RSA, 4096 bits (a long record; needs DNS over TCP).
    Rsa4096,
    /// Ed25519 (use beside an RSA key: some receivers ignore it).
    Ed25519,
    /// Make no key here.
    None,
}

/// `--dmarc-policy`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PolicyArg {
    /// Monitor only (start here).
    None,
    /// Failing mail goes to spam.
    Quarantine,
    /// Failing mail is refused.
    Reject,
}

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    /// A readable list (the default).
    Table,
    /// BIND zone-file lines.
    Zone,
    /// CSV (RFC 4180).
    Csv,
    /// JSON (docs/PLAN_JSON.md).
    Json,
    /// A printable HTML checklist.
    Html,
}

/// `--mta-sts`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MtaStsArg {
    /// Senders report problems but still deliver (start here).
    Testing,
    /// Senders deliver only over verified TLS.
    Enforce,
}

/// Arguments of `sendwell plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The domain to plan for, e.g. example.com.
    #[arg(value_name = "DOMAIN")]
    domain: String,
    /// A service that sends as the domain (repeatable); see `sendwell providers`.
    #[arg(long = "provider", value_name = "ID")]
    providers: Vec<String>,
    /// An address or network of your own sending server (repeatable), e.g. 203.0.113.7.
    #[arg(long = "ip", value_name = "ADDR")]
    ips: Vec<String>,
    /// The selector of the DKIM key made here (default sw<YYYYMM>).
    #[arg(long = "dkim-selector", value_name = "SEL")]
    dkim_selector: Option<String>,
    /// The kind of DKIM key to make here.
    #[arg(long = "dkim-key", value_enum, default_value = "rsa2048")]
    dkim_key: DkimKeyArg,
    /// Also write the new DKIM private key (PKCS#8 PEM) to this file, readable only by you.
    #[arg(long = "dkim-private-key-out", value_name = "FILE")]
    dkim_private_key_out: Option<PathBuf>,
    /// Do not keep the new DKIM private key in the OS keychain (it is kept there by default).
    #[arg(long = "no-keychain")]
    no_keychain: bool,
    /// The DMARC policy to publish now.
    #[arg(long = "dmarc-policy", value_enum, default_value = "none")]
    dmarc_policy: PolicyArg,
    /// Where DMARC reports go (repeatable), e.g. mailto:dmarc@example.com.
    #[arg(long = "dmarc-rua", value_name = "MAILTO")]
    dmarc_rua: Vec<String>,
    /// Weeks between DMARC rollout steps.
    #[arg(long = "dmarc-weeks", value_name = "N", default_value_t = 3)]
    dmarc_weeks: u32,
    /// End SPF with -all (others rejected). Default: keep an existing -all, else ~all.
    #[arg(long = "spf-fail", conflicts_with = "spf_softfail")]
    spf_fail: bool,
    /// End SPF with ~all (others marked suspicious), even if the record ends in -all today.
    #[arg(long = "spf-softfail")]
    spf_softfail: bool,
    /// Add MTA-STS (needs the domain's MX).
    #[arg(long = "mta-sts", value_enum, value_name = "MODE")]
    mta_sts: Option<MtaStsArg>,
    /// Add TLS-RPT with this report address (repeatable).
    #[arg(long = "tls-rpt", value_name = "ADDR")]
    tls_rpt: Vec<String>,
    /// Add BIMI with this https:// SVG logo (only once DMARC enforces).
    #[arg(long = "bimi-logo", value_name = "URL")]
    bimi_logo: Option<String>,
    /// The https:// address of the BIMI mark certificate.
    #[arg(long = "bimi-certificate", value_name = "URL")]
    bimi_certificate: Option<String>,
    /// Also publish the MX records of the chosen mailbox provider.
    #[arg(long = "mx")]
    mx: bool,
    /// This domain never sends or receives mail: null MX, v=spf1 -all, p=reject.
    #[arg(long = "never-sends")]
    never_sends: bool,
    /// The DNS panel to format for (default: the detected DNS host); see `sendwell registrars`.
    #[arg(long = "registrar", value_name = "ID")]
    registrar: Option<String>,
    /// TTL in seconds for every record.
    #[arg(long = "ttl", value_name = "SECS", default_value_t = 3600)]
    ttl: u32,
    /// The day the DMARC rollout starts (YYYY-MM-DD; default today).
    #[arg(long = "start", value_name = "DATE")]
    start: Option<String>,
    /// How to print the plan.
    #[arg(long = "format", value_enum, default_value = "table")]
    format: FormatArg,
    /// Write the output to this file instead of the terminal.
    #[arg(long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Read the existing records through this DNS server (repeatable): IP or IP:PORT.
    #[arg(long = "resolver", value_name = "IP[:PORT]")]
    resolvers: Vec<String>,
    /// Do not read the existing records (plan as if the domain published nothing).
    #[arg(long = "offline", conflicts_with = "resolvers")]
    offline: bool,
}

impl PlanArgs {
    fn choices(&self) -> Result<PlanChoices, Error> {
        let mut c = PlanChoices {
            providers: self.providers.clone(),
            ips: self.ips.clone(),
            spf_fail_all: match (self.spf_fail, self.spf_softfail) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            registrar: self.registrar.clone(),
            ttl: self.ttl,
            ..PlanChoices::default()
        };
        c.start = match &self.start {
            Some(text) => Some(Date::parse(text).ok_or_else(|| Error::PlanDateInvalid {
                value: text.clone(),
            })?),
            None => None,
        };
        match self.dkim_key {
            DkimKeyArg::None => c.dkim.generate = false,
            DkimKeyArg::Rsa2048 => c.dkim.algorithm = KeyAlgorithm::Rsa2048,
            DkimKeyArg::Rsa4096 => c.dkim.algorithm = KeyAlgorithm::Rsa4096,
            DkimKeyArg::Ed25519 => c.dkim.algorithm = KeyAlgorithm::Ed25519,
        }
        c.dkim.selector = self.dkim_selector.clone();
        c.dmarc.policy = match self.dmarc_policy {
            PolicyArg::None => Policy::None,
            PolicyArg::Quarantine => Policy::Quarantine,
            PolicyArg::Reject => Policy::Reject,
        };
        c.dmarc.rua = self.dmarc_rua.clone();
        c.dmarc.weeks_between_steps = self.dmarc_weeks;
        c.extras.mta_sts = self.mta_sts.map(|m| MtaStsChoice {
            enforce: matches!(m, MtaStsArg::Enforce),
            ..MtaStsChoice::default()
        });
        c.extras.tls_rpt = self.tls_rpt.clone();
        c.extras.bimi = self.bimi_logo.as_ref().map(|logo| BimiChoice {
            logo_url: logo.clone(),
            certificate_url: self.bimi_certificate.clone(),
        });
        c.extras.provider_mx = self.mx;
        c.extras.never_sends = self.never_sends;
        Ok(c)
    }
}

/// Make the plan and print it; returns the exit status.
pub async fn run(args: PlanArgs) -> u8 {
    let json = args.format == FormatArg::Json;
    let domain = match DomainName::parse(&args.domain) {
        Ok(d) => d,
        Err(e) => return fail(&e, json),
    };
    let mut choices = match args.choices() {
        Ok(c) => c,
        Err(e) => return fail(&e, json),
    };
    // The private key goes to the keychain unless told otherwise; default selectors whose key
    // is already there are skipped, so an earlier key is never overwritten.
    let keychain = if choices.dkim.generate && !args.no_keychain {
        Some(Keychain::open().await)
    } else {
        None
    };
    if let (Some(Ok(kc)), None) = (&keychain, &choices.dkim.selector) {
        let start = choices.start.unwrap_or_else(Date::today_utc);
        for selector in plan::default_selectors(start) {
            if kc
                .dkim_key_exists(&selector, &domain.ascii)
                .await
                .unwrap_or(false)
            {
                choices.dkim.avoid_selectors.push(selector);
            }
        }
    }
    let mut resolver = None;
    let existing = if args.offline {
        ExistingRecords::none()
    } else {
        let settings = if args.resolvers.is_empty() {
            sendwell_core::resolver_settings_from_env().map(Option::unwrap_or_default)
        } else {
            ResolverSettings::from_servers(&args.resolvers)
        };
        let live = match settings.and_then(|s| HickoryResolver::new(&s)) {
            Ok(r) => resolver.insert(r),
            Err(e) => return fail(&e, json),
        };
        let names = plan::names_to_read(&domain, &choices);
        plan::read_existing(live, &domain, &names).await
    };
    let mut plan = match plan::plan(&domain, &choices, &existing) {
        Ok(p) => p,
        Err(e) => return fail(&e, json),
    };
    if let Some(live) = &resolver {
        plan::count_spf_lookups(live, &mut plan).await;
    }
    if let Some(path) = &args.dkim_private_key_out {
        if let Err(message) = write_private_key(&plan, path) {
            eprintln!("error: {message}");
            return EXIT_INCOMPLETE;
        }
    }
    let saved = match &keychain {
        Some(Ok(kc)) => save_keys(kc, &plan).await,
        Some(Err(e)) => Err(e.clone()),
        None => Ok(()),
    };
    match saved {
        Ok(()) if keychain.is_some() => {
            for (selector, _) in &plan.private_keys {
                eprintln!(
                    "note: the DKIM private key for {selector}._domainkey.{} is in your keychain (service Sendwell).",
                    plan.domain
                );
            }
        }
        Ok(()) => {
            if !plan.private_keys.is_empty() && args.dkim_private_key_out.is_none() {
                eprintln!("warning: the new DKIM private key was not kept anywhere (--no-keychain). Publish its DKIM record only if you run again with --dkim-private-key-out FILE.");
            }
        }
        Err(e) if args.dkim_private_key_out.is_some() => {
            eprintln!("note: the DKIM private key is only in the file you asked for; the keychain could not store it: {e}");
        }
        Err(e) => {
            eprintln!("warning: the new DKIM private key could not be kept: {e} Run again with --dkim-private-key-out FILE, or publish this DKIM record only once its key is saved.");
        }
    }
    let text = match args.format {
        FormatArg::Table => table(&plan),
        FormatArg::Zone => export::to_zone(&plan),
        FormatArg::Csv => export::to_csv(&plan),
        FormatArg::Json => export::to_json(&plan) + "\n",
        FormatArg::Html => export::to_html(&plan),
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("error: could not write {}: {e}", path.display());
                return EXIT_INCOMPLETE;
            }
        }
        None => print!("{text}"),
    }
    if !existing.complete {
        eprintln!("warning: some current records could not be read; check your DNS panel for existing SPF and DMARC records before adding these.");
    }
    EXIT_OK
}

fn fail(e: &Error, json: bool) -> u8 {
    print_error(e, json);
    if e.is_bad_input() {
        EXIT_BAD_INPUT
    } else {
        EXIT_INCOMPLETE
    }
}

/// Keep every new private key in the keychain (PKCS#8 DER bytes).
async fn save_keys(keychain: &Keychain, plan: &Plan) -> Result<(), Error> {
    for (selector, key) in &plan.private_keys {
        let der = Secret::from_bytes(key.der().to_vec());
        keychain.save_dkim_key(selector, &plan.domain, &der).await?;
    }
    Ok(())
}

/// Write the PEM with owner-only permissions; never overwrite an existing file.
fn write_private_key(plan: &Plan, path: &Path) -> Result<(), String> {
    let Some((_, key)) = plan.private_keys.first() else {
        return Err("no DKIM key was made (--dkim-key none), so there is nothing to write".into());
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} already exists; Sendwell does not overwrite a key file. Choose another name.",
                path.display()
            )
        } else {
            format!("could not create {}: {e}", path.display())
        }
    })?;
    file.write_all(key.to_pem().as_bytes())
        .map_err(|e| format!("could not write {}: {e}", path.display()))
}

/// The plan as a readable list.
fn table(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Records to add for {} in {}:\n",
        printable(&plan.domain_unicode),
        printable(&plan.panel.name)
    ));
    for (i, r) in plan.records.iter().enumerate() {
        let action = match (&r.change, &r.published_by) {
            (_, Some(owner)) => format!("  (for the owner of {owner} to publish)"),
            (Change::New, _) => String::new(),
            (Change::Replace { .. }, _) => "  (edit the existing record)".into(),
            (Change::Unchanged, _) => "  (already published)".into(),
        };
        out.push_str(&format!("\n{}. {}{action}\n", i + 1, printable(&r.purpose)));
        out.push_str(&format!("   Type:  {}\n", r.kind));
        out.push_str(&format!("   Host:  {}\n", printable(&r.host)));
        if let Some(p) = r.priority {
            out.push_str(&format!("   Priority: {p}\n"));
        }
        out.push_str(&format!("   Value: {}\n", printable(&r.value)));
        out.push_str(&format!("   TTL:   {}\n", r.ttl));
        if let Some(note) = &r.panel_note {
            out.push_str(&format!("   Note:  {}\n", printable(note)));
        }
    }
    if !plan.provider_steps.is_empty() {
        out.push_str("\nIn your providers' dashboards:\n");
        for s in &plan.provider_steps {
            out.push_str(&format!(
                "- {}: {}\n",
                printable(&s.provider_name),
                printable(&s.instructions)
            ));
            if !s.hosts.is_empty() {
                out.push_str(&format!("  Host(s): {}\n", printable(&s.hosts.join(", "))));
            }
        }
    }
    if let Some(policy) = &plan.mta_sts_policy {
        out.push_str(&format!(
            "\nMTA-STS policy file, to serve at {}:\n",
            printable(&policy.url)
        ));
        out.push_str(&format!("{}\n", printable(&policy.hosting)));
        for line in policy.body.lines() {
            out.push_str(&format!("    {}\n", printable(line.trim_end_matches('\r'))));
        }
    }
    if !plan.rollout.is_empty() {
        out.push_str("\nDMARC dates:\n");
        for step in &plan.rollout {
            out.push_str(&format!(
                "- from {}: p={}\n",
                step.date,
                step.policy.as_str()
            ));
        }
    }
    if !plan.findings.is_empty() {
        out.push_str("\nWorth knowing:\n");
        for f in &plan.findings {
            out.push_str(&format!("- {}\n", printable(&f.message)));
        }
    }
    out
}
