// The dev mock's wizard half (`--mode mock` builds only): an in-memory store for the session and
// domain commands, and the plan commands answered from the real core fixtures, shaped a little by
// the choices so every step can be looked at. `#step=dkim` in the URL opens example.test there.

import planJson from '../../test/fixtures/plan.json';
import providersJson from '../../test/fixtures/providers.json';
import registrarsJson from '../../test/fixtures/registrars.json';
import { normalizeChoices } from '../lib/choices';
import type { DomainReport } from './types';
import type { Plan, PlanChoices, Provider, Registrar } from './plan-types';
import type { DomainState, Session, StepId } from './session-types';

const STEPS: readonly StepId[] = ['domain', 'senders', 'spf', 'dkim', 'dmarc', 'extras', 'publish', 'propagation', 'mailboxes', 'done'];

const domains = new Map<string, DomainState>();
let current: string | null = null;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function newState(report: DomainReport): DomainState {
  return {
    domain: report.domain,
    unicode: report.name.unicode,
    step: 'domain',
    choices: normalizeChoices(null),
    plan: null,
    report,
    checked_at: Math.floor(Date.now() / 1000),
    mailboxes: [],
    watch: null,
  };
}

/** A check_domain answer was made: remember it and make the domain current, like the core. */
export function rememberCheck(report: DomainReport): void {
  const old = domains.get(report.domain);
  domains.set(report.domain, old ? { ...old, report } : newState(report));
  current = report.domain;
}

/** `#step=<id>`: start on example.test at that step (for scripted screenshots). */
export function seedFromHash(makeReport: (domain: string) => DomainReport): void {
  const match = /^#step=(\w+)$/.exec(window.location.hash);
  const step = STEPS.find((s) => s === match?.[1]);
  if (!step) return;
  const state = newState(makeReport('example.test'));
  state.step = step;
  state.choices = normalizeChoices({ providers: ['google-workspace', 'own-server'], ips: ['203.0.113.7'] });
  domains.set(state.domain, state);
  current = state.domain;
}

function summary(s: DomainState): Session['domains'][number] {
  return {
    domain: s.domain,
    unicode: s.unicode,
    step: s.step,
    status: s.report?.status ?? null,
    checked_at: s.checked_at,
    records_total: s.plan?.records.length ?? 0,
    records_live: null,
    watch: null,
    mailboxes: 0,
    mailboxes_ok: 0,
    updated_at: Math.floor(Date.now() / 1000),
  };
}

function stateOf(domain: string): DomainState {
  const s = domains.get(domain);
  if (!s) throw { code: 'internal', message: `the dev mock knows no domain ${domain}`, suggestion: null };
  return s;
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f:]+:[0-9a-f:]*(\/\d{1,3})?)$/i;

/** The plan fixture for this domain, changed the way the core would for the main choices. */
function fakePlan(domain: string, choices: PlanChoices): Plan {
  const bad = choices.ips.find((ip) => !IP.test(ip));
  if (bad) throw { code: 'spf.ip_invalid', message: `'${bad}' is not an IP address`, suggestion: null };
  const plan = JSON.parse(JSON.stringify(planJson).replaceAll('example.test', domain)) as Plan;
  const ending = choices.spf_fail_all ? '-all' : '~all';
  const ips = choices.ips.map((ip) => (ip.includes(':') ? `ip6:${ip}` : `ip4:${ip}`)).join(' ');
  const spf = `v=spf1 include:_spf.google.com${ips ? ` ${ips}` : ''} ${ending}`;
  for (const r of plan.records.filter((r) => r.topic === 'spf')) r.value = r.content = spf;
  if (plan.spf) plan.spf.record = spf;
  if (!choices.dkim.generate) {
    plan.keys = [];
    plan.records = plan.records.filter((r) => !(r.topic === 'dkim' && r.host.startsWith('sw')));
  }
  const dmarc = `v=DMARC1; p=${choices.dmarc.policy}; rua=mailto:${choices.dmarc.rua[0] ?? `dmarc@${domain}`}`;
  for (const r of plan.records.filter((r) => r.topic === 'dmarc')) {
    r.value = r.content = dmarc;
    r.change = choices.dmarc.policy === 'none' ? { kind: 'unchanged' } : { kind: 'replace', old: `v=DMARC1; p=none; rua=mailto:dmarc@${domain}` };
  }
  if (choices.extras.mta_sts) {
    const mode = choices.extras.mta_sts.enforce ? 'enforce' : 'testing';
    plan.mta_sts_policy = {
      url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`,
      body: `version: STSv1\nmode: ${mode}\nmx: aspmx.l.google.com\nmx: *.aspmx.l.google.com\nmax_age: ${choices.extras.mta_sts.max_age}\n`,
      hosting: `Serve this file over HTTPS with a valid certificate for mta-sts.${domain}, as text/plain.`,
    };
  }
  if (choices.extras.bimi && choices.dmarc.policy === 'none') {
    plan.findings.push({
      id: 'plan.bimi_needs_enforcement',
      severity: 'warning',
      message: 'BIMI logos are shown only when DMARC is at quarantine or reject; the BIMI record waits until then.',
      fix: 'Add BIMI once your rollout reaches p=quarantine.',
    });
  }
  return plan;
}

/** Answers the wizard's commands; undefined for a command this half does not know. */
export function wizardCommand(cmd: string, args: Record<string, unknown>): { value: unknown } | undefined {
  const domain = typeof args.domain === 'string' ? args.domain : '';
  switch (cmd) {
    case 'load_session':
      return { value: { current, domains: [...domains.values()].map(summary), notice: null } satisfies Session };
    case 'open_domain':
      current = domain;
      return { value: clone(stateOf(domain)) };
    case 'save_step':
      stateOf(domain).step = args.step as StepId;
      return { value: null };
    case 'leave_domain':
      current = null;
      return { value: null };
    case 'save_choices':
      stateOf(domain).choices = normalizeChoices(args.choices as PlanChoices);
      return { value: null };
    case 'list_providers':
      return { value: clone(providersJson.providers) as Provider[] };
    case 'list_registrars':
      return { value: clone(registrarsJson.registrars) as Registrar[] };
    case 'build_plan': {
      const s = stateOf(domain);
      const choices = normalizeChoices(args.choices as PlanChoices);
      const plan = fakePlan(domain, choices);
      s.choices = choices;
      s.plan = plan;
      return { value: clone(plan) };
    }
    case 'export_plan':
      return { value: `/home/you/Documents/${domain}-records.${String(args.format)}` };
    case 'export_dkim_key':
      return { value: `/home/you/Documents/${String(args.selector)}._domainkey.${domain}.pem` };
    case 'open_dns_page':
      return { value: null };
    default:
      return undefined;
  }
}
