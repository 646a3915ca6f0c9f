// The shapes of the saved wizard state (the Rust store): the session, one domain's state and the
// dashboard rows. Hand-written to match src-tauri/commands/session.rs; change both sides together.

import type { DomainReport } from './types';
import type { Plan, PlanChoices } from './plan-types';
import type { MailboxReport } from './mailbox-types';

export type StepId =
  | 'domain'
  | 'senders'
  | 'spf'
  | 'dkim'
  | 'dmarc'
  | 'extras'
  | 'publish'
  | 'propagation'
  | 'mailboxes'
  | 'done';

/** Why the saved progress could not be opened as it was (the old file is kept, never overwritten). */
export interface StoreNotice {
  code: string;
  message: string;
  /** Where the unreadable database was moved, when it was. */
  moved_to: string | null;
}

export type WatchOutcomeState = 'running' | 'all_live' | 'timeout' | 'cancelled';

/** One row of the dashboard. Times are Unix seconds. */
export interface DomainSummary {
  domain: string;
  unicode: string;
  step: StepId;
  status: 'pass' | 'warn' | 'fail' | null;
  checked_at: number | null;
  records_total: number;
  records_live: number | null;
  watch: WatchOutcomeState | null;
  mailboxes: number;
  mailboxes_ok: number;
  updated_at: number;
}

export interface Session {
  /** The domain the person was working on when the app closed. */
  current: string | null;
  domains: DomainSummary[];
  notice: StoreNotice | null;
}

/** Servers typed in "Advanced" as HOST[:PORT]; null means "find them for me". */
export interface MailServers {
  imap: string | null;
  pop3: string | null;
  smtp: string | null;
}

export interface MailboxEntry {
  address: string;
  servers: MailServers;
  report: MailboxReport | null;
  checked_at: number | null;
}

export interface WatchProgress {
  outcome: WatchOutcomeState;
  records_total: number;
  records_live: number;
  updated_at: number;
}

/** Everything saved about one domain. */
export interface DomainState {
  domain: string;
  unicode: string;
  step: StepId;
  choices: PlanChoices;
  plan: Plan | null;
  report: DomainReport | null;
  checked_at: number | null;
  mailboxes: MailboxEntry[];
  watch: WatchProgress | null;
}
