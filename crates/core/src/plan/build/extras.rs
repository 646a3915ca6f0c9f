//! The optional records: MTA-STS with its policy file (RFC 8461), TLS-RPT (RFC 8460) and BIMI,
//! which waits until DMARC enforces.

use super::Builder;
use crate::calendar::Date;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::plan::{PlanChoices, PolicyFile, Topic};
use crate::providers::{Provider, ProviderKind};
use crate::records::bimi::{self, BimiRecord};
use crate::records::dmarc::DmarcRecord;
use crate::records::mta_sts::{self, MtaStsMode, MtaStsPolicy, MtaStsRecord};
use crate::records::tlsrpt::TlsRptRecord;
use crate::records::RecordType;

impl Builder<'_> {
    pub(super) fn mta_sts(
        &mut self,
        choices: &PlanChoices,
        senders: &[&'static Provider],
        start: Date,
    ) -> Option<PolicyFile> {
        let choice = choices.extras.mta_sts.as_ref()?;
        let mut hosts: Vec<String> = self
            .existing
            .mx
            .iter()
            .map(|m| m.exchange.clone())
            .filter(|h| h != ".")
            .collect();
        if choices.extras.provider_mx || hosts.is_empty() {
            if let Some(mx) = senders
                .iter()
                .find(|p| p.kind == ProviderKind::Mailbox)
                .and_then(|p| p.mx.as_ref())
            {
                hosts = mx
                    .records
                    .iter()
                    .map(|m| m.exchange.to_ascii_lowercase())
                    .collect();
            }
        }
        hosts.sort();
        hosts.dedup();
        if hosts.is_empty() {
            self.findings.push(Finding::new(
                "plan.mta_sts_no_mx",
                Severity::Warning,
                "MTA-STS lists the servers that receive your mail, but the domain has no MX records, so it was left out.",
                "Set up the domain's mail servers (MX) first, then add MTA-STS.",
            ).rfc("RFC 8461 §3.2"));
            return None;
        }
        let policy = MtaStsPolicy {
            mode: if choice.enforce {
                MtaStsMode::Enforce
            } else {
                MtaStsMode::Testing
            },
            mx: hosts,
            max_age: choice.max_age.min(mta_sts::MAX_AGE_LIMIT),
            extensions: Vec::new(),
        };
        let body = policy.to_string();
        self.findings.extend(
            mta_sts::lint_policy(&body)
                .into_iter()
                .filter(|f| f.id != "mta_sts.testing"),
        );
        if choices.extras.tls_rpt.is_empty() {
            self.findings.push(
                Finding::new(
                    "plan.mta_sts_without_tls_rpt",
                    Severity::Warning,
                    "MTA-STS is on, but no TLS-RPT address is set, so nobody will tell you when senders cannot connect securely.",
                    "Add a TLS-RPT report address (an inbox you read, or a report service).",
                )
                .rfc("RFC 8460 §3"),
            );
        }
        let (y, m, d) = start.ymd();
        let id = format!("{y:04}{m:02}{d:02}{:08x}", fnv1a(body.as_bytes()));
        let name = self.name("_mta-sts");
        let old = self.txt_now(&name, |t| t.starts_with("v=STSv1"));
        self.add(
            RecordType::Txt,
            name,
            MtaStsRecord::new(id).to_string(),
            Topic::MtaSts,
            "MTA-STS: tells senders your policy file exists (change the id when the file changes).",
            old,
        );
        if !choice.enforce {
            self.findings.push(Finding::note(
                "plan.mta_sts_testing",
                "MTA-STS starts in testing mode: senders report problems but still deliver. Switch to enforce once the TLS reports are clean.",
            ).rfc("RFC 8461 §5"));
        }
        Some(PolicyFile {
            url: mta_sts::policy_url(&self.zone),
            hosting: format!(
                "Serve this file over HTTPS at the address below, from a web server for mta-sts.{} with a valid certificate for that name (any static web host works; add the DNS record your host gives you for mta-sts.{}). It must be plain text (Content-Type text/plain), with no redirects.",
                self.zone, self.zone
            ),
            body,
        })
    }

    pub(super) fn tls_rpt(&mut self, choices: &PlanChoices) -> Result<()> {
        if choices.extras.tls_rpt.is_empty() {
            return Ok(());
        }
        let mut rua = Vec::new();
        for value in &choices.extras.tls_rpt {
            let v = value.trim();
            let uri = if v.contains(':') {
                v.to_owned()
            } else {
                format!("mailto:{v}")
            };
            let alone = TlsRptRecord::new(vec![uri.clone()]);
            if TlsRptRecord::parse(&alone.to_string()).as_ref() != Ok(&alone) {
                return Err(Error::TlsRptAddressInvalid {
                    value: value.clone(),
                });
            }
            if !rua.contains(&uri) {
                rua.push(uri);
            }
        }
        let record = TlsRptRecord::new(rua);
        let text = record.to_string();
        let name = self.name("_smtp._tls");
        let old = self.txt_now(&name, |t| t.starts_with("v=TLSRPTv1"));
        self.add(RecordType::Txt, name, text, Topic::TlsRpt, "TLS-RPT: where senders report problems making secure connections to your mail servers.", old);
        Ok(())
    }

    pub(super) fn bimi(&mut self, choices: &PlanChoices, dmarc_record: &DmarcRecord) {
        let Some(choice) = &choices.extras.bimi else {
            return;
        };
        if let Some(why) = bimi::blocked_by_dmarc(Some(dmarc_record)) {
            self.findings.push(Finding::new(
                "plan.bimi_needs_enforcement",
                Severity::Info,
                format!("BIMI was left out for now. {why}"),
                "Add BIMI when your DMARC rollout reaches quarantine or reject.",
            ));
            return;
        }
        let clean = |url: &str| {
            url.starts_with("https://")
                && url.len() > 8
                && url
                    .chars()
                    .all(|c| c.is_ascii_graphic() && !matches!(c, ';' | ',' | '"'))
        };
        let record = BimiRecord::new(
            choice.logo_url.trim(),
            choice.certificate_url.as_deref().map(str::trim),
        );
        let text = record.to_string();
        let urls_ok = clean(choice.logo_url.trim())
            && choice
                .certificate_url
                .as_deref()
                .is_none_or(|c| clean(c.trim()));
        if !urls_ok || BimiRecord::parse(&text).as_ref() != Ok(&record) {
            self.findings.push(Finding::new(
                "plan.bimi_invalid",
                Severity::Warning,
                "The BIMI logo and certificate addresses must be plain https:// addresses (no spaces, commas or semicolons), so BIMI was left out.",
                "Enter the https:// address of your SVG logo (and of its certificate).",
            ));
            return;
        }
        let name = self.name("default._bimi");
        let old = self.txt_now(&name, |t| t.starts_with("v=BIMI1"));
        self.add(
            RecordType::Txt,
            name,
            text,
            Topic::Bimi,
            "BIMI: the logo some mailboxes show next to your mail.",
            old,
        );
    }
}

/// A short, stable fingerprint (FNV-1a, 32 bits) for the MTA-STS policy id.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}
