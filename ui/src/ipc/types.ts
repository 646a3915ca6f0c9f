// The IPC contract with the Rust core: the shapes `check_domain` resolves or rejects with.
// Written by hand to match src-tauri's serde output exactly; change both sides together.

/** What happened when one DNS question was asked. Expected outcomes are values, not errors. */
export type LookupOutcome =
  | 'found'
  | 'no_records'
  | 'nxdomain'
  | 'servfail'
  | 'timeout'
  | 'refused'
  | 'error';

/** The domain as the core understood it (validated, normalised, IDN-converted). */
export interface DomainName {
  /** Exactly what the person typed. */
  input: string;
  /** The ASCII (punycode) form used in DNS. */
  ascii: string;
  /** The readable Unicode form. */
  unicode: string;
  is_idn: boolean;
  /** The part that can be registered (e.g. example.co.uk for mail.example.co.uk). */
  registrable: string;
  is_subdomain: boolean;
  /** Codes for changes the core made: see `NameNoteCode`. Unknown codes are ignored by the UI. */
  notes: string[];
}

export type NameNoteCode = 'trailing_dot_removed' | 'lowercased' | 'whitespace_trimmed';

/** A recognised DNS host or mail provider. */
export interface ProviderMatch {
  id: string;
  name: string;
  source: string;
  /** The NS or MX host that matched. */
  matched: string;
}

export interface MxHost {
  preference: number;
  exchange: string;
}

/** Which DNS question a lookup asked. DKIM lookups ask for `<selector>._domainkey.<domain>`. */
export type LookupQuery = 'NS' | 'MX' | 'TXT' | 'DMARC' | 'DKIM';

export interface Lookup {
  query: LookupQuery;
  name: string;
  outcome: LookupOutcome;
  detail: string | null;
}

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  fix: string | null;
}

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export type OverallStatus = 'pass' | 'warn' | 'fail';

/** One DKIM selector the core looked up, with its own status word from the core. */
export interface DkimKey {
  selector: string;
  status: string;
  /** The key record found at `<selector>._domainkey.<domain>`, if any. */
  record: string | null;
}

export interface DomainReport {
  domain: string;
  name: DomainName;
  ns: string[];
  mx: MxHost[];
  dns_host: ProviderMatch | null;
  mail_provider: ProviderMatch | null;
  spf: {
    record: string | null;
    records_found: string[];
    /** DNS lookups the SPF record costs (the limit is 10); null when it was not evaluated. */
    dns_lookups: number | null;
    /** Of those, lookups that found nothing (the limit is 2); null when it was not evaluated. */
    void_lookups: number | null;
  };
  dmarc: {
    record: string | null;
    policy: DmarcPolicy | null;
    records_found: string[];
    /** For a subdomain without its own record: the domain whose record applies (RFC 7489 §6.6.3). */
    inherited_from: string | null;
  };
  dkim: DkimKey[];
  lookups: Lookup[];
  /** False when any lookup timed out or failed, so the report may be missing something. */
  complete: boolean;
  status: OverallStatus;
  findings: Finding[];
}

/** Error codes the core is known to send. The UI may receive others: see `IpcError`. */
export const KNOWN_ERROR_CODES = [
  'domain.empty',
  'domain.email_address',
  'domain.url',
  'domain.contains_spaces',
  'domain.invalid_character',
  'domain.empty_label',
  'domain.label_too_long',
  'domain.name_too_long',
  'domain.hyphen_position',
  'domain.no_dot',
  'domain.public_suffix',
  'domain.invalid_idn',
  'dkim.selector_invalid',
  'dns.config',
  'dns.system_config',
  'internal',
  'provider.unknown',
  'registrar.unknown',
  'dkim.key_generation',
  'dmarc.report_address_invalid',
  'plan.date_invalid',
  'spf.ip_invalid',
  'dkim.selector_taken',
  'tlsrpt.address_invalid',
  'mailbox.address_invalid',
  'mailbox.server_invalid',
  'tls.ca_file',
  'mailbox.password_missing',
  'keychain.locked',
  'keychain.unavailable',
  'keychain.failed',
  'watch.plan_unreadable',
  'watch.plan_invalid',
  'watch.plan_domain',
  'watch.state_unreadable',
  'watch.state_write',
  'watch.timeout_invalid',
  'watch.interval_invalid',
  'watch.no_name_servers',
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

/** The rejection payload of every command: `{ code, message, suggestion }`. */
export interface IpcErrorPayload {
  code: string;
  message: string;
  suggestion: string | null;
}
