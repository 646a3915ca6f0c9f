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
  /** The rule behind it, e.g. `RFC 7208 §4.6.4`; absent when there is none. */
  rfc?: string;
}

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export type OverallStatus = 'pass' | 'warn' | 'fail';

/** One DKIM selector the core looked up, with its own status word from the core. */
export interface DkimKey {
  selector: string;
  status: string;
  /** The key record found at `<selector>._domainkey.<domain>`, if any. */
  record: string | null;
  /** `given` (asked for) or `probe` (found among the common selectors; only hits are listed). */
  source: 'given' | 'probe';
  /** Key size in bits (256 for Ed25519), when the record holds a readable key. */
  key_bits: number | null;
}

/** DMARC identifier alignment (RFC 7489 §3.1). */
export type AlignmentMode = 'relaxed' | 'strict';

/** A DMARC report destination at another domain, and whether it accepts the reports (RFC 7489 §7.1). */
export interface ExternalReportCheck {
  report_domain: string;
  /** `<domain>._report._dmarc.<report_domain>`. */
  name: string;
  /** `v=DMARC1`. */
  value: string;
  /** null when the lookup failed. */
  authorized: boolean | null;
}

/** How fetching the MTA-STS policy ended (RFC 8461 §3.3); extra fields depend on `outcome`. */
export type PolicyFetch =
  | { outcome: 'fetched' | 'host_not_found' | 'timeout' | 'too_large' }
  | { outcome: 'dns_failed' | 'connect_failed' | 'tls' | 'failed'; detail: string }
  | { outcome: 'redirect'; status: number; location: string | null }
  | { outcome: 'http_status'; status: number }
  | { outcome: 'content_type'; content_type: string };

export interface MtaStsSummary {
  /** How the `_mta-sts` TXT lookup ended. */
  outcome: LookupOutcome;
  record: string | null;
  records_found: string[];
  policy_url: string | null;
  /** null when there was nothing to fetch (no valid record). */
  fetch: PolicyFetch | null;
  /** The policy file's text, when fetched. */
  policy: string | null;
  mode: 'enforce' | 'testing' | 'none' | null;
  mx_patterns: string[];
  max_age: number | null;
  /** MX hosts no `mx:` pattern covers. */
  mx_not_covered: string[];
}

/** How one name server address answered a direct SOA question. */
export type ServerState =
  | { state: 'answered'; serial: number }
  | { state: 'unreachable' | 'lame' | 'failed'; detail: string };

export interface NameServer {
  /** Host name from the NS record (or the address, for a server given by address). */
  name: string;
  addrs: { addr: string; state: ServerState }[];
  /** Why the name gave no address; absent when it resolved. */
  unresolved?: string;
}

/** The zone's name servers asked directly (NS consistency). */
export interface AuthoritySummary {
  apex: string | null;
  nameservers: NameServer[];
  /** True when at least one server answered and all that answered serve the same serial. */
  in_sync: boolean;
  newest_serial: number | null;
}

/** A TXT record kind at one fixed name: TLS-RPT (`_smtp._tls`) or BIMI (`default._bimi`). */
export interface TxtRecordSummary {
  name: string;
  outcome: LookupOutcome;
  record: string | null;
  records_found: string[];
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
    /** False when a name in the include tree could not be looked up: the counts are a lower bound. */
    lookups_complete: boolean | null;
  };
  dmarc: {
    record: string | null;
    policy: DmarcPolicy | null;
    records_found: string[];
    /** For a subdomain without its own record: the domain whose record applies (RFC 7489 §6.6.3). */
    inherited_from: string | null;
    /** Alignment in effect (relaxed when the tag is absent); null without a record. */
    adkim: AlignmentMode | null;
    aspf: AlignmentMode | null;
    external_reports: ExternalReportCheck[];
  };
  dkim: DkimKey[];
  mta_sts: MtaStsSummary;
  tlsrpt: TxtRecordSummary;
  bimi: TxtRecordSummary;
  /** null when the name servers were not asked directly. */
  authority: AuthoritySummary | null;
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
  'dkim.key_missing',
  'registrar.no_page',
  'app.open_failed',
  'export.write',
  'store.corrupt',
  'store.newer',
  'store.unavailable',
  'store.failed',
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

/** The rejection payload of every command: `{ code, message, suggestion }`. */
export interface IpcErrorPayload {
  code: string;
  message: string;
  suggestion: string | null;
}
