// Shapes of the plan commands, written by hand to match the Rust serde output exactly:
// PlanChoices in (crates/core/src/plan/choices.rs, records/dmarc/builder.rs), Plan out
// (plan/mod.rs, docs/PLAN_JSON.md) and the provider and registrar catalog entries
// (providers.rs, registrars.rs). Change both sides together; add fields, never rename them.

import type { AlignmentMode, DmarcPolicy, Finding } from './types';

/** A calendar day as the core writes it: `YYYY-MM-DD` (crates/core/src/calendar.rs). */
export type IsoDate = string;

// ---------- Choices (what the person picked) ----------

/** The DMARC `p=` / `sp=` value. */
export type Policy = DmarcPolicy;
/** `adkim=` / `aspf=`: relaxed (organizational domains match) or strict (exact names). */
export type Alignment = AlignmentMode;
/** `fo=`: `0` all failed, `1` any failed, `d` DKIM failed, `s` SPF failed. */
export type FailureOption = '0' | '1' | 'd' | 's';
/** The kind of DKIM key made here. */
export type KeyAlgorithm = 'rsa2048' | 'rsa4096' | 'ed25519';

/** The DKIM key made on this computer. */
export interface DkimChoice {
  generate: boolean;
  /** null: `sw<YYYYMM>` from the start date. */
  selector: string | null;
  algorithm: KeyAlgorithm;
  avoid_selectors: string[];
}

export interface DmarcChoices {
  policy: Policy;
  target: Policy;
  subdomain_policy: Policy | null;
  rua: string[];
  ruf: string[];
  adkim: Alignment | null;
  aspf: Alignment | null;
  failure_options: FailureOption[] | null;
  weeks_between_steps: number;
}

export interface MtaStsChoice {
  /** true: enforce; false: testing (the safe start). */
  enforce: boolean;
  /** Seconds (a week by default). */
  max_age: number;
}

export interface BimiChoice {
  logo_url: string;
  certificate_url: string | null;
}

/** Optional records, all off by default. */
export interface Extras {
  mta_sts: MtaStsChoice | null;
  tls_rpt: string[];
  bimi: BimiChoice | null;
  provider_mx: boolean;
  never_sends: boolean;
}

/** Everything a plan is made from. The core accepts any field missing; it always sends all. */
export interface PlanChoices {
  providers: string[];
  ips: string[];
  /** true: `-all`; false: `~all`; null: keep an existing `-all`, else `~all`. */
  spf_fail_all: boolean | null;
  dkim: DkimChoice;
  dmarc: DmarcChoices;
  extras: Extras;
  /** The DNS panel's catalog id; null uses the detected DNS host. */
  registrar: string | null;
  /** Seconds, for every record. */
  ttl: number;
  /** The rollout's first day; null is today. */
  start: IsoDate | null;
}

// ---------- The plan (what to publish) ----------

export type RecordType = 'TXT' | 'CNAME' | 'MX';

export type Topic =
  | 'mx'
  | 'spf'
  | 'dkim'
  | 'dmarc'
  | 'report_authorization'
  | 'mta_sts'
  | 'tls_rpt'
  | 'bimi';

/** What publishing the record changes. */
export type Change = { kind: 'new' } | { kind: 'replace'; old: string } | { kind: 'unchanged' };

export interface PlannedRecord {
  type: RecordType;
  /** Full ASCII name without the final dot. */
  name: string;
  /** As the DNS panel wants it in its Host field. */
  host: string;
  /** As the DNS panel wants it pasted. */
  value: string;
  /** The record data itself. */
  content: string;
  /** MX preference; absent for other types. */
  priority?: number;
  ttl: number;
  purpose: string;
  topic: Topic;
  change: Change;
  /** The other domain whose owner must publish it; absent when it is the person's own. */
  published_by?: string;
  /** A caveat for this panel; absent when there is none. */
  panel_note?: string;
}

/** A step only a provider's dashboard can complete. */
export interface ProviderStep {
  provider: string;
  provider_name: string;
  topic: Topic;
  instructions: string;
  hosts: string[];
  /** Absent when the catalog has no link. */
  link?: string;
}

export interface PanelSteps {
  type: RecordType;
  steps: string[];
}

/** The DNS panel the plan is formatted for. */
export interface PanelRef {
  id: string;
  name: string;
  dns_page: string | null;
  steps: PanelSteps[];
}

export interface SpfSummary {
  record: string;
  /** Of at most 10; null when not counted. */
  dns_lookups: number | null;
  /** Of at most 2; null when not counted. */
  void_lookups: number | null;
  all_explained: string;
}

/** One dated step of the DMARC rollout. */
export interface RolloutStep {
  date: IsoDate;
  policy: Policy;
  record: string;
  advice: string;
}

/** A key the plan made (public facts only). */
export interface KeySummary {
  selector: string;
  algorithm: KeyAlgorithm;
  /** 256 for Ed25519. */
  bits: number;
}
export type KeyInfo = KeySummary;

/** The MTA-STS policy file to host. */
export interface PolicyFile {
  url: string;
  body: string;
  hosting: string;
}
export type MtaStsPolicy = PolicyFile;

export interface Plan {
  domain: string;
  domain_unicode: string;
  panel: PanelRef;
  records: PlannedRecord[];
  provider_steps: ProviderStep[];
  findings: Finding[];
  spf: SpfSummary | null;
  rollout: RolloutStep[];
  keys: KeySummary[];
  mta_sts_policy: PolicyFile | null;
}

export type ExportFormat = 'zone' | 'csv' | 'json' | 'html';

// ---------- The provider catalog (list_providers) ----------

export type ProviderKind = 'mailbox' | 'transactional' | 'marketing' | 'outreach' | 'own_server';
export type DkimMethod = 'generate' | 'provider_txt' | 'cname';
export type SpfPlacement = 'sending_domain' | 'return_path';

/** Where catalog facts come from. */
export interface CatalogSource {
  url: string;
  checked: IsoDate;
  note?: string;
}

export interface SpfInfo {
  includes: string[];
  placement: SpfPlacement;
  ip_based: boolean;
  note?: string;
  source: CatalogSource;
}

export interface CnameTemplate {
  host: string;
  target: string;
}

export interface DkimInfo {
  method: DkimMethod;
  selectors: string[];
  cnames?: CnameTemplate[];
  legacy_cnames?: CnameTemplate[];
  where: string;
  note?: string;
  source: CatalogSource;
}

export interface CatalogMxRecord {
  preference: number;
  exchange: string;
}

export interface MxInfo {
  records: CatalogMxRecord[];
  note?: string;
  source: CatalogSource;
}

export interface ExtraRecord {
  type: RecordType;
  host: string;
  value: string;
  preference?: number;
  purpose: string;
  source: CatalogSource;
}

export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind;
  spf: SpfInfo;
  dkim: DkimInfo;
  mx?: MxInfo;
  extra_records: ExtraRecord[];
  notes: string[];
}

// ---------- The registrar (DNS panel) catalog (list_registrars) ----------

export interface HostStyle {
  apex: 'at' | 'blank' | 'full';
  subdomain: 'relative' | 'full' | 'full_dot';
  appends_domain: boolean;
  note?: string;
}

export interface TxtStyle {
  quoting: 'none' | 'quoted';
  long_values: 'auto_split' | 'quoted_strings';
  escapes: 'decimal' | 'octal';
  note?: string;
}

export type TargetStyle = 'plain' | 'trailing_dot';

export interface CnameStyle {
  target: TargetStyle;
  proxy_caveat?: string;
  note?: string;
}

export interface MxStyle {
  target: TargetStyle;
  priority: 'separate' | 'in_value';
  note?: string;
}

export interface TtlInfo {
  default: string;
  choices: string;
  min_seconds?: number;
  note?: string;
}

export interface RegistrarSteps {
  TXT: string[];
  CNAME: string[];
  MX: string[];
}

export interface Registrar {
  id: string;
  name: string;
  dns_page: string | null;
  help_url: string | null;
  host: HostStyle;
  txt: TxtStyle;
  cname: CnameStyle;
  mx: MxStyle;
  ttl: TtlInfo;
  steps: RegistrarSteps;
  steps_note: string;
  sources: CatalogSource[];
}
