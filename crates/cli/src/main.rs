//! `sendwell`: the command line over sendwell-core, for power users, scripts and the project's
//! own end-to-end tests. The contract (flags, JSON fields, exit codes) is in DESIGN.md; keep it stable.

mod catalogs;
mod check;
mod mailbox;
mod output;
mod plan;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: everything checked is fine.
pub const EXIT_OK: u8 = 0;
/// Exit status: checked, and found problems.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: the input was wrong (the message names the bad part).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status: the work could not be completed (network, timeout, keychain).
pub const EXIT_INCOMPLETE: u8 = 3;

/// Get a new email sending domain ready: check what its DNS holds today.
#[derive(Debug, Parser)]
#[command(name = "sendwell", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Look a domain up: name servers, mail servers, SPF, DMARC and DKIM as they are today.
    Check(check::CheckArgs),
    /// Make the records to publish for a domain, merged with what it has, for your DNS panel.
    Plan(Box<plan::PlanArgs>),
    /// List the sending services Sendwell knows (SPF include, DKIM method, MX), with sources.
    Providers(catalogs::ListArgs),
    /// List the DNS panels Sendwell knows and how each wants records typed, with sources.
    Registrars(catalogs::ListArgs),
    /// Mailboxes: check IMAP, POP3 and SMTP over TLS; the password lives in the OS keychain.
    Mailbox(mailbox::MailboxArgs),
    /// Wait until a plan's records are published on the name servers and live at resolvers.
    Watch(watch::WatchArgs),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args).await,
        Command::Plan(args) => plan::run(*args).await,
        Command::Providers(args) => catalogs::providers(args),
        Command::Registrars(args) => catalogs::registrars(args),
        Command::Mailbox(args) => mailbox::run(args).await,
        Command::Watch(args) => watch::run(args).await,
    };
    ExitCode::from(code)
}
