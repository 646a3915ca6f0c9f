//! Lock and unlock the test servers' gnome-keyring "login" collection over D-Bus, so tests can
//! prove that a locked keychain is reported (and then put it back).

use zbus::blocking::Connection;
use zbus::zvariant::{ObjectPath, OwnedObjectPath, OwnedValue, Value};

// Not offered: reading the collection's `Locked` property. gnome-keyring 42 aborts (GLib
// assertion in invoke_get_property_in_idle_cb) when a client without a session asks for it.

const DEST: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
const LOGIN: &str = "/org/freedesktop/secrets/collection/login";

fn bus() -> Connection {
    Connection::session().expect("the test servers' session bus (DBUS_SESSION_BUS_ADDRESS)")
}

/// Secret Service `Lock` (no prompt needed).
pub fn lock() {
    let login = ObjectPath::try_from(LOGIN).expect("path");
    bus()
        .call_method(
            Some(DEST),
            SERVICE_PATH,
            Some("org.freedesktop.Secret.Service"),
            "Lock",
            &(vec![login],),
        )
        .expect("Lock");
}

/// gnome-keyring's own unlock-with-password call (the standard Unlock needs a GUI prompt).
pub fn unlock(password: &str) {
    let conn = bus();
    let reply = conn
        .call_method(
            Some(DEST),
            SERVICE_PATH,
            Some("org.freedesktop.Secret.Service"),
            "OpenSession",
            &("plain", Value::from("")),
        )
        .expect("OpenSession");
    let (_, session): (OwnedValue, OwnedObjectPath) = reply.body().deserialize().expect("session");
    let secret = (
        session.as_ref(),
        Vec::<u8>::new(),
        password.as_bytes().to_vec(),
        "text/plain",
    );
    let login = ObjectPath::try_from(LOGIN).expect("path");
    conn.call_method(
        Some(DEST),
        SERVICE_PATH,
        Some("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
        "UnlockWithMasterPassword",
        &(login, secret),
    )
    .expect("UnlockWithMasterPassword");
}
