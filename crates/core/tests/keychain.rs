//! The keychain against the real Secret Service (gnome-keyring on the test servers' private
//! D-Bus): round trips for both kinds of entry, checked from outside with `secret-tool`.

use std::process::Command;

use sendwell_core::secrets::{self, Keychain, Secret};

#[path = "support/keyring_lock.rs"]
mod keyring_lock;

/// The test servers' bus, or `None` (skipped; in CI a failure).
fn test_bus() -> Option<String> {
    let run = std::env::var("SENDWELL_TEST_RUN")
        .ok()
        .filter(|v| !v.is_empty());
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS")
        .ok()
        .filter(|v| !v.is_empty());
    match (run, bus) {
        (Some(_), Some(bus)) => Some(bus),
        _ => {
            let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
            assert!(!in_ci, "CI is set but the test servers' env is not: source $RUN/env from tests/servers/start.sh");
            eprintln!("skipped: SENDWELL_TEST_RUN / DBUS_SESSION_BUS_ADDRESS not set (start tests/servers/start.sh)");
            None
        }
    }
}

fn secret_tool(args: &[&str]) -> String {
    let out = Command::new("secret-tool")
        .args(args)
        .output()
        .expect("secret-tool runs (libsecret-tools)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The tests here share one keyring; the lock test must not overlap the others.
static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test]
async fn round_trip_through_the_real_secret_service() {
    let Some(_bus) = test_bus() else { return };
    let _guard = LOCK.lock().await;
    let keychain = Keychain::open().await.expect("the Secret Service answers");
    let vendor = keychain.vendor();
    assert!(
        vendor.contains("Secret Service"),
        "not the real store: {vendor}"
    );
    assert!(
        !vendor.to_ascii_lowercase().contains("mock"),
        "a mock store: {vendor}"
    );

    let address = format!("keychain-test-{}@example.test", std::process::id());
    let password = Secret::from_string(format!("pw-{}-Zq8", std::process::id()));
    assert!(!keychain.password_exists(&address).await.expect("exists"));
    assert_eq!(keychain.read_password(&address).await.expect("read"), None);
    keychain
        .save_password(&address, &password)
        .await
        .expect("save");
    assert!(keychain.password_exists(&address).await.expect("exists"));
    assert_eq!(
        keychain
            .read_password(&address)
            .await
            .expect("read")
            .as_ref(),
        Some(&password)
    );
    // From outside: the entry is in gnome-keyring under service "Sendwell".
    let seen = secret_tool(&["lookup", "service", secrets::SERVICE, "username", &address]);
    assert_eq!(seen, password.expose_str().unwrap_or_default());
    // Replacing keeps one entry.
    let newer = Secret::from_string("replaced-pw".into());
    keychain
        .save_password(&address, &newer)
        .await
        .expect("save again");
    assert_eq!(
        keychain
            .read_password(&address)
            .await
            .expect("read")
            .as_ref(),
        Some(&newer)
    );
    let all = secret_tool(&[
        "search",
        "--all",
        "service",
        secrets::SERVICE,
        "username",
        &address,
    ]);
    assert_eq!(all.matches("label = ").count(), 1, "{all}");
    assert!(keychain.delete_password(&address).await.expect("delete"));
    assert!(!keychain
        .delete_password(&address)
        .await
        .expect("delete again"));
    assert_eq!(
        secret_tool(&["lookup", "service", secrets::SERVICE, "username", &address]),
        ""
    );

    // A DKIM private key as DER bytes (not UTF-8), account dkim:<selector>._domainkey.<domain>.
    let der = Secret::from_bytes(vec![
        0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0xff, 0x00, 0x80,
    ]);
    let domain = format!("k{}.example.test", std::process::id());
    assert!(!keychain
        .dkim_key_exists("s1", &domain)
        .await
        .expect("exists"));
    keychain
        .save_dkim_key("s1", &domain, &der)
        .await
        .expect("save key");
    assert!(keychain
        .dkim_key_exists("s1", &domain)
        .await
        .expect("exists"));
    assert_eq!(
        keychain
            .read_dkim_key("s1", &domain)
            .await
            .expect("read key")
            .as_ref(),
        Some(&der)
    );
    let account = secrets::dkim_account("s1", &domain);
    let listed = secret_tool(&[
        "search",
        "--all",
        "service",
        secrets::SERVICE,
        "username",
        &account,
    ]);
    assert!(
        listed.contains(&format!(
            "label = keyring:dkim:s1._domainkey.{domain}@Sendwell"
        )),
        "{listed}"
    );
    let raw = Command::new("secret-tool")
        .args(["lookup", "service", secrets::SERVICE, "username", &account])
        .output()
        .expect("secret-tool");
    assert_eq!(raw.stdout, der.expose_bytes(), "the DER bytes as stored");
    assert!(keychain
        .delete_dkim_key("s1", &domain)
        .await
        .expect("delete key"));
    assert!(!keychain
        .dkim_key_exists("s1", &domain)
        .await
        .expect("exists"));
}

#[tokio::test]
async fn a_locked_keychain_is_an_error_the_user_can_act_on() {
    let Some(_bus) = test_bus() else { return };
    let _guard = LOCK.lock().await;
    let password =
        std::env::var("SENDWELL_TEST_KEYRING_PASSWORD").expect("keyring password in env");
    keyring_lock::unlock(&password); // in case an interrupted run left it locked
    let keychain = Keychain::open().await.expect("the Secret Service answers");
    let address = format!("locked-test-{}@example.test", std::process::id());
    keychain
        .save_password(&address, &Secret::from_string("x-locked".into()))
        .await
        .expect("save while unlocked");
    keyring_lock::lock();
    let read = keychain.read_password(&address).await;
    let save = keychain
        .save_password("other@example.test", &Secret::from_string("y".into()))
        .await;
    keyring_lock::unlock(&password);
    let read = read.expect_err("a locked keychain must not read");
    assert_eq!(read.code(), "keychain.locked");
    assert!(read.to_string().contains("Unlock"), "{read}");
    assert!(!read.is_bad_input());
    assert_eq!(save.map_err(|e| e.code()), Err("keychain.locked"));
    // Unlocked again: reads work (later tests depend on it).
    assert!(keychain
        .delete_password(&address)
        .await
        .expect("delete after unlock"));
}
