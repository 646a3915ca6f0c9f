// The mailbox commands: find a mailbox's servers, check it (the password goes to the keychain,
// never back to the UI), forget it.

import { call } from './call';
import type { MailSettings, MailboxReport } from './mailbox-types';
import type { MailServers } from './session-types';

/** The IMAP, POP3 and SMTP servers Sendwell finds for `address` (presets, autoconfig, SRV, MX). */
export function discoverMailbox(address: string): Promise<MailSettings> {
  return call<MailSettings>('discover_mailbox', { address });
}

/**
 * Log in to each protocol over TLS without sending or changing anything. `servers` are
 * HOST[:PORT] overrides (null: use what discovery finds). `password` null uses the keychain's.
 */
export function checkMailbox(
  address: string,
  servers: MailServers,
  password: string | null,
): Promise<MailboxReport> {
  return call<MailboxReport>('check_mailbox', { address, servers, password });
}

/** Remove the mailbox from the saved state and its password from the keychain. */
export async function forgetMailbox(address: string): Promise<void> {
  await call<null>('forget_mailbox', { address });
}
