//! The commands the UI may call, one file per wizard area. Each one is a delegation to
//! sendwell-core: take the arguments, call the core, convert the error.

pub mod catalog;
pub mod domain;
pub mod export;
pub mod mailbox;
pub mod plan;
pub mod session;
pub mod watch;
