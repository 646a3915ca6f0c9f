// How a mailbox check's results read in the UI: the word and icon for each protocol's status, and
// the fixes where the core's wording is for the command line (it names --password-stdin etc.).

import type { AuthCause, Finding, MailboxReport, MailProtocol, ProbeReport } from '../../ipc';
import { t } from '../../i18n';
import type { IconName } from '../../components/Icon.svelte';

export type Tone = 'good' | 'warn' | 'bad';

/** POP3 counts as good when it is off or not offered: nothing can delete replies through it. */
function pop3Off(p: ProbeReport): boolean {
  return p.status === 'disabled' || p.status === 'unreachable' || p.status === 'not_checked';
}

export function statusWord(p: ProbeReport): string {
  if (p.protocol === 'pop3') {
    if (p.status === 'ok') return t('mailbox.status.ok_pop3');
    if (p.status === 'disabled') return t('mailbox.status.disabled_pop3');
    if (pop3Off(p)) return t('mailbox.status.not_offered_pop3');
  }
  return t(`mailbox.status.${p.status}`);
}

export function statusTone(p: ProbeReport): Tone {
  if (p.protocol === 'pop3') {
    return pop3Off(p) ? 'good' : 'warn';
  }
  if (p.status === 'ok') return 'good';
  if (p.status === 'timeout' || p.status === 'unreachable' || p.status === 'not_checked') return 'warn';
  return 'bad';
}

export const TONE_ICONS: Record<Tone, IconName> = { good: 'check', warn: 'warning', bad: 'error' };

export const PROTOCOLS: readonly MailProtocol[] = ['imap', 'smtp', 'pop3'];

/** The fix for a refused login, by the likely cause the core found. */
export function authFix(cause: AuthCause | undefined): string {
  if (cause === 'app_password_needed') return t('mailbox.auth_fix_app_password');
  if (cause === 'basic_auth_disabled') return t('mailbox.auth_fix_basic_auth');
  return t('mailbox.auth_fix');
}

/** The protocol a `mailbox.<protocol>.<status>` finding is about. */
function protocolOf(id: string): MailProtocol | null {
  const m = /^mailbox\.(imap|pop3|smtp)\./.exec(id);
  return m ? (m[1] as MailProtocol) : null;
}

/**
 * The findings to list, with app wording for fixes the core words for the command line. POP3-on
 * and refused logins are left out: the step explains them in their own boxes.
 */
export function listedFindings(report: MailboxReport): Finding[] {
  const out: Finding[] = [];
  for (const f of report.findings) {
    if (f.id === 'mailbox.pop3.enabled' || f.id.endsWith('.auth_failed')) continue;
    const protocol = protocolOf(f.id);
    if (protocol && f.id.endsWith('.not_checked')) out.push({ ...f, fix: t('mailbox.fix.not_checked') });
    else if (protocol && f.id.endsWith('.tls_error')) out.push({ ...f, fix: t('mailbox.fix.tls_error') });
    else if (f.id === 'mailbox.provider_step' && f.fix) out.push({ ...f, fix: t('mailbox.provider_step_link', { url: f.fix }) });
    else out.push(f);
  }
  return out;
}

/** The protocols whose login was refused (IMAP and SMTP matter; POP3 only when nothing else). */
export function refused(report: MailboxReport): ProbeReport[] {
  return PROTOCOLS.map((p) => report[p]).filter((p) => p.status === 'auth_failed');
}
