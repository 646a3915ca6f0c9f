//! The UI and the core agree: every error code the core can return has a message in the UI's
//! catalog, and a report the core serialises is the shape the UI's fixture (and types) expect.

use std::fs;
use std::path::Path;

use sendwell_core::error::ALL_CODES;
use sendwell_core::testing::StaticResolver;

fn ui_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui").join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn every_error_code_is_known_to_the_ui() {
    let types = ui_file("src/ipc/types.ts");
    let catalog = ui_file("src/i18n/en.ts");
    for code in ALL_CODES {
        assert!(
            types.contains(&format!("'{code}'")),
            "ui/src/ipc/types.ts lacks error code {code}"
        );
        assert!(
            catalog.contains(&format!("'error.{code}'")),
            "ui/src/i18n/en.ts lacks a message for {code}"
        );
        assert!(
            catalog.contains(&format!("'error.{code}.next'")),
            "ui/src/i18n/en.ts lacks a next step for {code}"
        );
    }
}

/// Compare `report` with the committed fixture `ui/test/fixtures/<file>` (or write it when
/// `UPDATE_FIXTURES` is set): the UI's tests render these, so they must be real core output.
fn check_fixture(file: &str, report: &sendwell_core::DomainReport) {
    let json = serde_json::to_string_pretty(report).expect("serialises") + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("ui/test/fixtures")
        .join(file);
    if std::env::var("UPDATE_FIXTURES").is_ok() {
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, &json).expect("write fixture");
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed, json,
        "{file} is stale: run UPDATE_FIXTURES=1 cargo test --test ui_contract"
    );
}

#[tokio::test]
async fn ui_fixture_complete_domain_is_a_real_core_report() {
    let resolver = StaticResolver::complete_example();
    let name = sendwell_core::DomainName::parse("Example.com.").expect("valid");
    let report = sendwell_core::check_domain(&resolver, &name, &[]).await;
    check_fixture("domain-report.json", &report);
}

/// Every lookup timed out: four findings share the id `dns.timeout`, and nothing is "missing".
#[tokio::test]
async fn ui_fixture_all_timeouts_is_a_real_core_report() {
    let resolver = StaticResolver::new()
        .timeout("example.com")
        .timeout("_dmarc.example.com");
    let name = sendwell_core::DomainName::parse("example.com").expect("valid");
    let report = sendwell_core::check_domain(&resolver, &name, &[]).await;
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.id == "dns.timeout")
            .count(),
        4
    );
    check_fixture("domain-report-timeout.json", &report);
}
