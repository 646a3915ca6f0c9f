//! Build script of the desktop app: generates the Tauri context and the permissions of the
//! app's own commands (`allow-<command>`), which capabilities/ then grant to the main window.

/// Every command of src-tauri/commands/, as registered in lib.rs.
const COMMANDS: &[&str] = &[
    "check_domain",
    "load_session",
    "open_domain",
    "save_step",
    "save_choices",
    "leave_domain",
    "list_providers",
    "list_registrars",
    "build_plan",
    "export_plan",
    "export_dkim_key",
    "open_dns_page",
    "start_watch",
    "cancel_watch",
    "discover_mailbox",
    "check_mailbox",
    "forget_mailbox",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step failed");
}
