//! `sendwell providers` and `sendwell registrars`: list the compiled-in catalogs as a readable
//! table, or with `--json` as one JSON document holding every fact and its source.

use clap::Args;
use sendwell_core::providers::{self, DkimMethod, Provider, ProviderKind, SpfPlacement};
use sendwell_core::registrars::{
    self, ApexStyle, LongTxt, MxPriority, Registrar, SubdomainStyle, TargetStyle, TxtQuoting,
};
use serde::Serialize;

use crate::output::printable;
use crate::{EXIT_INCOMPLETE, EXIT_OK};

/// Arguments of the two listing commands.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print the whole catalog as one JSON object (`checked` plus every entry with its sources).
    #[arg(long)]
    json: bool,
}

/// `sendwell providers`.
pub fn providers(args: ListArgs) -> u8 {
    if args.json {
        #[derive(Serialize)]
        struct Doc {
            checked: &'static str,
            providers: &'static [Provider],
        }
        return print_json(&Doc {
            checked: providers::checked(),
            providers: providers::all(),
        });
    }
    let rows: Vec<[String; 5]> = providers::all().iter().map(provider_row).collect();
    let header = ["ID", "NAME", "KIND", "SPF", "DKIM"].map(str::to_owned);
    print!("{}", printable(&table(&header, &rows)));
    println!(
        "\nFacts checked {}. Use --json for every value, note and source.",
        providers::checked()
    );
    EXIT_OK
}

/// `sendwell registrars`.
pub fn registrars(args: ListArgs) -> u8 {
    if args.json {
        #[derive(Serialize)]
        struct Doc {
            checked: &'static str,
            registrars: &'static [Registrar],
        }
        return print_json(&Doc {
            checked: registrars::checked(),
            registrars: registrars::all(),
        });
    }
    let rows: Vec<[String; 6]> = registrars::all().iter().map(registrar_row).collect();
    let header = ["ID", "NAME", "APEX", "SUBDOMAIN", "TXT", "TARGETS"].map(str::to_owned);
    print!("{}", printable(&table(&header, &rows)));
    println!(
        "\nFacts checked {}. Use --json for steps, TTLs, caveats and sources.",
        registrars::checked()
    );
    EXIT_OK
}

fn provider_row(p: &Provider) -> [String; 5] {
    let kind = match p.kind {
        ProviderKind::Mailbox => "mailbox",
        ProviderKind::Transactional => "transactional",
        ProviderKind::Marketing => "marketing",
        ProviderKind::Outreach => "outreach",
        ProviderKind::OwnServer => "own server",
    };
    let spf = if p.spf.ip_based {
        "by IP address".to_owned()
    } else if p.spf.includes.is_empty() {
        "none needed".to_owned()
    } else {
        let includes = p.spf.includes.join(", ");
        match p.spf.placement {
            SpfPlacement::SendingDomain => includes,
            SpfPlacement::ReturnPath => format!("{includes} (return path)"),
        }
    };
    let dkim = match p.dkim.method {
        DkimMethod::Generate => "Sendwell generates the key".to_owned(),
        DkimMethod::ProviderTxt => "TXT from the provider".to_owned(),
        DkimMethod::Cname => format!("{} CNAMEs", p.dkim.cnames.len()),
    };
    [p.id.clone(), p.name.clone(), kind.to_owned(), spf, dkim]
}

fn registrar_row(r: &Registrar) -> [String; 6] {
    let apex = match r.host.apex {
        ApexStyle::At => "@",
        ApexStyle::Blank => "(blank)",
        ApexStyle::Full => "domain",
    };
    let sub = match r.host.subdomain {
        SubdomainStyle::Relative => "relative",
        SubdomainStyle::Full => "full name",
        SubdomainStyle::FullDot => "full name.",
    };
    let txt = match (r.txt.quoting, r.txt.long_values) {
        (TxtQuoting::Quoted, _) => "quoted",
        (TxtQuoting::Bare, LongTxt::QuotedStrings) => "plain; long as quoted strings",
        (TxtQuoting::Bare, LongTxt::AutoSplit) => "plain",
    };
    let dot = |t: TargetStyle| match t {
        TargetStyle::Plain => "no final dot",
        TargetStyle::TrailingDot => "final dot",
    };
    let mut targets = dot(r.cname.target).to_owned();
    if r.mx.priority == MxPriority::InValue {
        targets.push_str("; MX priority in value");
    }
    if r.cname.proxy_caveat.is_some() {
        targets.push_str("; CNAMEs DNS only");
    }
    [
        r.id.clone(),
        r.name.clone(),
        apex.to_owned(),
        sub.to_owned(),
        txt.to_owned(),
        targets,
    ]
}

/// Left-aligned columns separated by two spaces, a header line first.
fn table<const N: usize>(header: &[String; N], rows: &[[String; N]]) -> String {
    let mut widths = header.each_ref().map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; N]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    std::iter::once(line(header))
        .chain(rows.iter().map(line))
        .collect()
}

/// The document in field order (the catalog's own order), or exit 3 if it cannot be written.
fn print_json(doc: &impl Serialize) -> u8 {
    match serde_json::to_string_pretty(doc) {
        Ok(text) => {
            println!("{text}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: could not write JSON: {e}");
            EXIT_INCOMPLETE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::table;

    #[test]
    fn table_pads_columns() {
        let header = ["A".to_owned(), "B".to_owned()];
        let rows = [["long".to_owned(), "x".to_owned()]];
        assert_eq!(table(&header, &rows), "A     B\nlong  x\n");
    }
}
