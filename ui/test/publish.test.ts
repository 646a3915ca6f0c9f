// Step 7, Publish: the real plan as a checklist (Type, Host, Value, TTL, priority, change), a Copy
// button per field (clipboard plugin, announced politely, keyboard), the panel's steps and DNS
// page, the registrar chooser that rebuilds the plan, provider steps, MTA-STS and the exports.

import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import Publish from '../src/steps/Publish.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import { planner } from '../src/lib/planner.svelte';
import { errorText, t } from '../src/i18n';
import type { Plan, PlanChoices, Registrar } from '../src/ipc';
import { FakeCore, reject, resetCore } from './fake-core';
import { PLAN, copy, makeState, onStep } from './later-fixtures';
import registrarsJson from './fixtures/registrars.json';

const REGISTRARS = registrarsJson.registrars as Registrar[];
const CLOUDFLARE = REGISTRARS.find((r) => r.id === 'cloudflare');

function cloudflarePlan(): Plan {
  const plan = copy(PLAN);
  plan.panel = {
    id: 'cloudflare',
    name: 'Cloudflare',
    dns_page: CLOUDFLARE?.dns_page ?? null,
    steps: [{ type: 'TXT', steps: CLOUDFLARE?.steps.TXT ?? [] }],
  };
  return plan;
}

/** The real plan plus the parts it has no example of: an MX, a record for another domain, MTA-STS. */
function fullerPlan(): Plan {
  const plan = cloudflarePlan();
  plan.records.push(
    {
      type: 'MX',
      name: 'example.test',
      host: '@',
      value: 'smtp.google.com',
      content: 'smtp.google.com',
      priority: 1,
      ttl: 3600,
      purpose: 'MX: where mail for this domain is delivered.',
      topic: 'mx',
      change: { kind: 'new' },
    },
    {
      type: 'TXT',
      name: 'example.test._report._dmarc.reports.example.net',
      host: 'example.test._report._dmarc',
      value: 'v=DMARC1',
      content: 'v=DMARC1',
      ttl: 3600,
      purpose: 'Lets reports.example.net receive your DMARC reports.',
      topic: 'report_authorization',
      change: { kind: 'new' },
      published_by: 'reports.example.net',
      panel_note: 'Type the host without the domain: Cloudflare adds it.',
    },
  );
  plan.mta_sts_policy = {
    url: 'https://mta-sts.example.test/.well-known/mta-sts.txt',
    body: 'version: STSv1\nmode: testing\nmx: smtp.google.com\nmax_age: 604800\n',
    hosting: 'Serve it over HTTPS with a valid certificate for mta-sts.example.test.',
  };
  return plan;
}

function core(handlers: ConstructorParameters<typeof FakeCore>[0] = {}) {
  return new FakeCore({
    'plugin:clipboard-manager|write_text': () => null,
    list_registrars: () => copy(REGISTRARS),
    build_plan: () => cloudflarePlan(),
    save_choices: () => null,
    export_plan: () => '/home/me/example.test.zone',
    open_dns_page: () => null,
    save_step: () => null,
    ...handlers,
  });
}

afterEach(() => {
  cleanup();
  planner.reset();
  resetCore();
});

describe('Publish step', () => {
  it('lists every record of the real plan with its change, and explains Host and TTL', () => {
    core();
    onStep('publish');
    render(Publish);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(t('publish.title'));
    expect(document.body.textContent).toContain(t('publish.host_explain'));
    expect(document.body.textContent).toContain(t('publish.ttl_explain'));
    const items = within(screen.getByTestId('records')).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    expect(screen.getByTestId('record-1-host').textContent).toContain('@');
    expect(screen.getByTestId('record-1-value').textContent).toContain('v=spf1 include:_spf.google.com ip4:203.0.113.7 ~all');
    expect(screen.getByTestId('record-1-ttl').textContent).toContain('3600');
    expect(screen.getByTestId('record-1-ttl').textContent).toContain('seconds');
    expect(screen.getByTestId('record-1-change').textContent).toContain('Change the record you already have');
    expect(items[0]?.textContent).toContain('v=spf1 include:_spf.google.com ~all'); // the old value
    expect(screen.getByTestId('record-2-host').textContent).toContain('sw202612._domainkey');
    expect(screen.getByTestId('record-2-change').textContent).toContain('New: add this record.');
    expect(screen.getByTestId('record-3-change').textContent).toContain('Already published: nothing to do.');
    expect(items[0]?.textContent).toContain(PLAN.records[0]?.purpose ?? '?');

    // The generic panel's numbered steps; no DNS page button without an address.
    expect(within(screen.getByTestId('panel-steps-TXT')).getAllByRole('listitem')).toHaveLength(5);
    expect(screen.queryByTestId('open-dns-page')).toBeNull();
    expect(screen.getByTestId('provider-steps').textContent).toContain('Google Workspace');
    expect(screen.getByTestId('provider-steps').textContent).toContain('google._domainkey');
    expect(screen.queryByTestId('mta-sts-policy')).toBeNull();
  });

  it('copies a field by keyboard through the clipboard plugin and announces it politely', async () => {
    const fake = core();
    onStep('publish');
    render(Publish);
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Copy the Value of record 2' });
    button.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.of('plugin:clipboard-manager|write_text')).toHaveLength(1));
    expect(fake.of('plugin:clipboard-manager|write_text')[0]?.text).toBe(PLAN.records[1]?.value);
    const status = screen.getByTestId('copy-status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(status.textContent).toBe('Copied the Value of record 2.'));
    expect(button.textContent?.trim()).toBe('Copied');

    await user.click(screen.getByRole('button', { name: 'Copy the Host of record 1' }));
    await waitFor(() => expect(fake.of('plugin:clipboard-manager|write_text')[1]?.text).toBe('@'));
    await waitFor(() => expect(status.textContent).toBe('Copied the Host of record 1.'));
    // Every field of every record has its own labelled Copy button.
    for (const n of [1, 2, 3])
      for (const f of ['Type', 'Host', 'Value', 'TTL'])
        expect(screen.getByRole('button', { name: `Copy the ${f} of record ${n}` })).toBeTruthy();
  });

  it('a clipboard failure is shown with its plain message', async () => {
    core({ 'plugin:clipboard-manager|write_text': () => reject('internal') });
    onStep('publish');
    render(Publish);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Copy the Type of record 1' }));
    const error = await screen.findByTestId('copy-error');
    expect(error.textContent).toContain(errorText({ code: 'internal', message: '' }).message);
    expect(document.body.textContent).toContain(t('publish.copy_failed'));
  });

  it('MX priority, a record for another domain, the panel note and the MTA-STS file', async () => {
    const fake = core();
    onStep('publish', makeState({ plan: fullerPlan() }));
    render(Publish);
    expect(screen.getByTestId('record-4-priority').textContent).toContain('1');
    expect(document.body.textContent).toContain(t('publish.priority_explain'));
    expect(screen.queryByTestId('record-1-priority')).toBeNull();
    expect(screen.getByTestId('record-5-published-by').textContent).toContain('the owner of reports.example.net must publish this one');
    expect(screen.getByTestId('record-5-panel-note').textContent).toContain('Cloudflare adds it');
    const policy = screen.getByTestId('mta-sts-policy');
    expect(policy.textContent).toContain('https://mta-sts.example.test/.well-known/mta-sts.txt');
    expect(policy.textContent).toContain('mode: testing');
    await userEvent.setup().click(within(policy).getByRole('button', { name: 'Copy the file content' }));
    await waitFor(() => expect(fake.of('plugin:clipboard-manager|write_text')[0]?.text).toContain('version: STSv1'));
  });

  it('opens the DNS page by the registrar id (never a URL)', async () => {
    const fake = core();
    onStep('publish', makeState({ plan: cloudflarePlan() }));
    render(Publish);
    expect(within(screen.getByTestId('panel-steps-TXT')).getAllByRole('listitem')[0]?.textContent).toContain('dash.cloudflare.com');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open the DNS page at Cloudflare' }));
    await waitFor(() => expect(fake.of('open_dns_page')).toEqual([{ registrar: 'cloudflare' }]));
  });

  it('the registrar chooser rebuilds the plan for the chosen panel', async () => {
    const fake = core();
    onStep('publish');
    render(Publish);
    const select = (await screen.findByLabelText(t('publish.panel_label'))) as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(REGISTRARS.length));
    expect(select.value).toBe('generic');
    const user = userEvent.setup();
    await user.selectOptions(select, 'cloudflare');
    await user.click(screen.getByRole('button', { name: t('publish.panel_apply') }));
    await waitFor(() => expect(fake.of('build_plan')).toHaveLength(1));
    const sent = fake.of('build_plan')[0] as { domain: string; choices: PlanChoices };
    expect(sent.domain).toBe('example.test');
    expect(sent.choices.registrar).toBe('cloudflare');
    await waitFor(() => expect(fake.of('save_choices')).toHaveLength(1));
    expect(wizard.current?.choices.registrar).toBe('cloudflare');
    expect(wizard.current?.plan?.panel.id).toBe('cloudflare');
    expect(await screen.findByRole('button', { name: 'Open the DNS page at Cloudflare' })).toBeTruthy();
    expect(screen.getByTestId('panel-current').textContent).toContain('Cloudflare');
  });

  it('a coded error while rebuilding is shown in plain words', async () => {
    core({ build_plan: () => reject('registrar.unknown') });
    onStep('publish');
    render(Publish);
    const select = (await screen.findByLabelText(t('publish.panel_label'))) as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBeGreaterThan(1));
    const user = userEvent.setup();
    await user.selectOptions(select, 'cloudflare');
    await user.click(screen.getByRole('button', { name: t('publish.panel_apply') }));
    const error = await screen.findByTestId('panel-error');
    expect(error.dataset.code).toBe('registrar.unknown');
    expect(error.textContent).toContain(t('error.registrar.unknown'));
    expect(wizard.current?.plan?.panel.id).toBe('generic');
  });

  it('exports: saved shows the path, cancelled says not saved, each format asked by name', async () => {
    let answer: string | null = '/home/me/example.test.zone';
    const fake = core({ export_plan: () => answer });
    onStep('publish');
    render(Publish);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Zone file (BIND)' }));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toBe('Saved to /home/me/example.test.zone'));
    answer = null;
    await user.click(screen.getByRole('button', { name: 'Printable checklist' }));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toBe(t('publish.export_cancelled')));
    await user.click(screen.getByRole('button', { name: 'Spreadsheet (CSV)' }));
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    await waitFor(() => expect(fake.of('export_plan')).toHaveLength(4));
    expect(fake.of('export_plan').map((a) => a.format)).toEqual(['zone', 'html', 'csv', 'json']);
    expect(fake.of('export_plan').every((a) => a.domain === 'example.test')).toBe(true);
    expect(screen.queryByTestId('export-error')).toBeNull();
  });

  it('an export error is shown with its plain message', async () => {
    core({ export_plan: () => reject('internal', 'disk full') });
    onStep('publish');
    render(Publish);
    await userEvent.setup().click(screen.getByRole('button', { name: 'JSON' }));
    const error = await screen.findByTestId('export-error');
    expect(error.textContent).toContain(t('error.internal'));
  });

  it('without a plan, makes it from the saved choices at once', async () => {
    const fake = core({ build_plan: () => copy(PLAN) });
    onStep('publish', makeState({ plan: null }));
    render(Publish);
    expect(await screen.findByTestId('records')).toBeTruthy();
    expect(fake.of('build_plan')).toHaveLength(1);
    expect((fake.of('build_plan')[0] as { domain: string }).domain).toBe('example.test');
  });

  it('a plan that cannot be made shows the coded error and a way to try again', async () => {
    let fail = true;
    const fake = core({ build_plan: () => (fail ? reject('dkim.key_generation') : copy(PLAN)) });
    onStep('publish', makeState({ plan: null }));
    render(Publish);
    const error = await screen.findByTestId('plan-error');
    expect(error.textContent).toContain(t('error.dkim.key_generation'));
    fail = false;
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Make the list of records now' }));
    expect(await screen.findByTestId('records')).toBeTruthy();
    expect(fake.of('build_plan')).toHaveLength(2);
  });
});
