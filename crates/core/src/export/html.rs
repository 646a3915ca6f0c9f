//! The plan as one printable HTML page: a checklist with every record, the panel's steps, the
//! provider steps and the DMARC dates. Self-contained: inline styles, no scripts, no remote assets.

use std::fmt::Write as _;

use crate::plan::{Change, Plan};

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}\
.record{border:1px solid #ccd;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0;break-inside:avoid}\
.record h3{font-size:1rem;margin:.1rem 0 .4rem}.box{display:inline-block;width:1rem;height:1rem;border:2px solid #445;border-radius:3px;margin-right:.5rem;vertical-align:-.15rem}\
dl{display:grid;grid-template-columns:7rem 1fr;gap:.2rem .8rem;margin:0}dt{font-weight:600}dd{margin:0}\
code{font:13px/1.4 ui-monospace,monospace;word-break:break-all;background:#f3f4f7;padding:.05rem .25rem;border-radius:3px}\
.note{color:#6b4e00}.muted{color:#555}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left}\
td:nth-child(-n+2){white-space:nowrap}@media print{body{margin:0}a{color:inherit}}";

/// The checklist page.
pub fn to_html(plan: &Plan) -> String {
    let mut h = String::new();
    let domain = escape(&plan.domain_unicode);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>DNS checklist for {domain}</title><style>{STYLE}</style></head><body>\n"
    );
    let _ = write!(h, "<h1>DNS checklist for {domain}</h1>\n<p>Add each record below in <strong>{}</strong>, then tick its box. ", escape(&plan.panel.name));
    if plan.domain != plan.domain_unicode {
        let _ = write!(
            h,
            "Your domain is written <code>{}</code> in DNS. ",
            escape(&plan.domain)
        );
    }
    h.push_str("Changes can take up to a few hours to reach everyone; Sendwell can watch and tell you when each record is live.</p>\n");
    if let Some(page) = &plan.panel.dns_page {
        let _ = writeln!(
            h,
            "<p class=\"muted\">Your DNS settings: {}</p>",
            escape(page)
        );
    }
    h.push_str("<h2>Records to add</h2>\n<p class=\"muted\">Each record has a <strong>Type</strong>, a <strong>Host</strong> (where it goes: <code>@</code> means the domain itself), a <strong>Value</strong> (what it says) and a <strong>TTL</strong> (how many seconds other servers may remember it before asking again).</p>\n");
    for (i, r) in plan.records.iter().enumerate() {
        let _ = write!(
            h,
            "<div class=\"record\"><h3><span class=\"box\"></span>{}. {}</h3><dl>\
<dt>Type</dt><dd><code>{}</code></dd><dt>Host</dt><dd><code>{}</code></dd><dt>Value</dt><dd><code>{}</code></dd>",
            i + 1,
            escape(&r.purpose),
            r.kind,
            escape(&r.host),
            escape(&r.value)
        );
        if let Some(p) = r.priority {
            let _ = write!(h, "<dt>Priority</dt><dd><code>{p}</code></dd>");
        }
        let _ = write!(
            h,
            "<dt>TTL</dt><dd><code>{}</code> seconds</dd></dl>",
            r.ttl
        );
        if let Change::Replace { old } = &r.change {
            let _ = write!(h, "<p class=\"note\">Edit the existing record (now <code>{}</code>); do not add a second one.</p>", escape(old));
        }
        if let Some(owner) = &r.published_by {
            let _ = write!(h, "<p class=\"note\">This one is published by the owner of {} (your report provider), not in your DNS.</p>", escape(owner));
        }
        if let Some(note) = &r.panel_note {
            let _ = write!(h, "<p class=\"note\">{}</p>", escape(note));
        }
        h.push_str("</div>\n");
    }
    if !plan.provider_steps.is_empty() {
        h.push_str("<h2>Steps in your providers' dashboards</h2>\n<ul>\n");
        for s in &plan.provider_steps {
            let _ = write!(
                h,
                "<li><span class=\"box\"></span><strong>{}</strong>: {}",
                escape(&s.provider_name),
                escape(&s.instructions)
            );
            if !s.hosts.is_empty() {
                let hosts: Vec<String> = s
                    .hosts
                    .iter()
                    .map(|x| format!("<code>{}</code>", escape(x)))
                    .collect();
                let _ = write!(h, " Host: {}.", hosts.join(", "));
            }
            if let Some(link) = &s.link {
                let _ = write!(h, " <span class=\"muted\">({})</span>", escape(link));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n");
    }
    if !plan.panel.steps.is_empty() {
        let _ = writeln!(
            h,
            "<h2>How to add a record in {}</h2>",
            escape(&plan.panel.name)
        );
        for group in &plan.panel.steps {
            let _ = write!(h, "<h3>{} records</h3>\n<ol>\n", group.kind);
            for step in &group.steps {
                let _ = writeln!(h, "<li>{}</li>", escape(step));
            }
            h.push_str("</ol>\n");
        }
    }
    if let Some(policy) = &plan.mta_sts_policy {
        let _ = write!(
            h,
            "<h2>MTA-STS policy file</h2>\n<p>{}</p>\n<p>Address: <code>{}</code></p>\n<pre><code>{}</code></pre>\n",
            escape(&policy.hosting),
            escape(&policy.url),
            escape(&policy.body)
        );
    }
    if !plan.rollout.is_empty() {
        h.push_str("<h2>DMARC dates</h2>\n<table><tr><th>From</th><th>Policy</th><th>Before you change it</th></tr>\n");
        for step in &plan.rollout {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td><code>p={}</code></td><td>{}</td></tr>",
                step.date,
                step.policy.as_str(),
                escape(&step.advice)
            );
        }
        h.push_str("</table>\n");
    }
    if !plan.findings.is_empty() {
        h.push_str("<h2>Worth knowing</h2>\n<ul>\n");
        for f in &plan.findings {
            let _ = write!(h, "<li>{}", escape(&f.message));
            if let Some(fix) = &f.fix {
                let _ = write!(h, " <em>{}</em>", escape(fix));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<p class=\"muted\">Made by Sendwell. This page contains no private keys.</p>\n</body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(escape("a\u{1b}[31mb"), "a\u{fffd}[31mb");
    }
}
