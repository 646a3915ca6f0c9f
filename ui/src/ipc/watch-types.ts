// Shapes of the watch commands (to be written to match the Rust side's serde output exactly).
export {};
