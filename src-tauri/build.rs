//! Build script of the desktop app: generates the Tauri context and the permissions of the
//! app's own commands (`allow-<command>`), which capabilities/ then grant to the main window.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["check_domain"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step failed");
}
