//! Entry point of the Sendwell desktop app; everything else is in lib.rs.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    sendwell_desktop::run();
}
