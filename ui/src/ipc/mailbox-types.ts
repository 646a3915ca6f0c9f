// Shapes of the mailbox commands: the settings discovery finds and the report of a mailbox check,
// as the Rust core serializes them (crates/core/src/mailbox/{discover,endpoint,status,report}.rs).
// Hand-written; change both sides together.

import type { Finding } from './types';

export type MailProtocol = 'imap' | 'pop3' | 'smtp';

/** Implicit TLS from the first byte, or a plain connection upgraded with STARTTLS. */
export type MailSecurity = 'tls' | 'starttls';

/** One server to try for one protocol. */
export interface Endpoint {
  protocol: MailProtocol;
  host: string;
  port: number;
  security: MailSecurity;
}

/** Where a protocol's servers came from. */
export type SettingsSource = 'command_line' | 'preset' | 'autoconfig' | 'srv' | 'mx_guess' | 'none';

/** Something to do at the mail provider, with its help page. */
export interface MailProviderStep {
  text: string;
  url: string;
}

/** The mail provider, when recognised, with what the person must do first. */
export interface MailProviderInfo {
  id: string;
  name: string;
  /** The provider page the settings come from. */
  source: string;
  steps: MailProviderStep[];
  /** How to turn POP3 off there. */
  pop3_off: MailProviderStep | null;
}

/** The servers to check, best first per protocol (discover_mailbox's answer). */
export interface MailSettings {
  imap: Endpoint[];
  pop3: Endpoint[];
  smtp: Endpoint[];
  sources: Record<MailProtocol, SettingsSource>;
  provider: MailProviderInfo | null;
  autoconfig_url?: string;
  /** What discovery noticed, in plain words. */
  notes: string[];
}

/** The outcome of checking one protocol. */
export type ProbeStatus =
  | 'ok'
  | 'disabled'
  | 'auth_failed'
  | 'tls_error'
  | 'downgrade_risk'
  | 'unreachable'
  | 'timeout'
  | 'protocol_error'
  | 'not_checked';

/** The likely reason a login was refused. */
export type AuthCause = 'wrong_password' | 'app_password_needed' | 'basic_auth_disabled' | 'no_usable_mechanism';

/** Why a certificate was not accepted. */
export type TlsProblem = 'expired' | 'not_yet_valid' | 'wrong_host' | 'untrusted' | 'revoked' | 'handshake';

/** Everything one protocol's check reports. Optional fields are left out when empty. */
export interface ProbeReport {
  protocol: MailProtocol;
  status: ProbeStatus;
  host: string;
  port: number;
  security: MailSecurity;
  auth_cause?: AuthCause;
  tls_problem?: TlsProblem;
  /** What happened, in plain words. */
  message: string;
  /** What the server said last, for the details view. */
  server_said?: string;
  capabilities_before_login: string[];
  capabilities_after_login: string[];
  /** IMAP: messages in INBOX. */
  inbox_messages?: number;
  password_sent: boolean;
  elapsed_ms: number;
}

/** ready: nothing to do; problems: something to fix; incomplete: a server could not be reached. */
export type Verdict = 'ready' | 'problems' | 'incomplete';

/** What the check of one mailbox found. The password is never part of it. */
export interface MailboxReport {
  address: string;
  verdict: Verdict;
  /** One plain line, e.g. "Ready: IMAP works, SMTP works, POP3 is off". */
  summary: string;
  imap: ProbeReport;
  pop3: ProbeReport;
  smtp: ProbeReport;
  settings: MailSettings;
  /** What to fix, most important first. */
  findings: Finding[];
}
