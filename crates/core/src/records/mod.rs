//! Typed views of the authentication records Sendwell reads and writes.
//! One file per protocol; this foundation only recognises records, the records engine grows them.

pub mod dkim;
pub mod dmarc;
pub mod spf;
