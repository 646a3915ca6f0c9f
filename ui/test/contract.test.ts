// The report the Rust core really produces (ui/test/fixtures/domain-report.json, written and
// checked by the Rust test tests/ui_contract.rs) renders in the Domain step as expected.

import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, expect, it } from 'vitest';
import type { DomainReport } from '../src/ipc';
import Domain from '../src/steps/Domain.svelte';
import fixture from './fixtures/domain-report.json';
import timeoutFixture from './fixtures/domain-report-timeout.json';

afterEach(() => clearMocks());

it('renders a real core report', async () => {
  const report = fixture as unknown as DomainReport;
  mockIPC((cmd) => {
    if (cmd !== 'check_domain') throw new Error(`unexpected command ${cmd}`);
    return report;
  });
  render(Domain);
  const user = userEvent.setup();
  await user.type(screen.getByTestId('domain-input'), 'Example.com.');
  await user.click(screen.getByTestId('domain-submit'));

  expect((await screen.findByTestId('result-heading')).textContent).toContain('example.com');
  expect(screen.getByTestId('dns-host').textContent).toBe(report.dns_host?.name);
  expect(screen.getByTestId('mail-provider').textContent).toBe(report.mail_provider?.name);
  expect(screen.getByTestId('spf-record').textContent).toContain(report.spf.record ?? '?');
  expect(screen.getByTestId('dmarc-record').textContent).toContain(report.dmarc.record ?? '?');
  for (const host of report.ns) expect(screen.getByTestId('ns-list').textContent).toContain(host);
  for (const m of report.mx) expect(screen.getByTestId('mx-list').textContent).toContain(m.exchange);
  for (const f of report.findings) expect(screen.getByTestId('findings').textContent).toContain(f.message);
});

it('renders a real all-timeouts report: duplicate finding ids, nothing shown as missing', async () => {
  const { t } = await import('../src/i18n');
  const report = timeoutFixture as unknown as DomainReport;
  mockIPC(() => report);
  render(Domain);
  const user = userEvent.setup();
  await user.type(screen.getByTestId('domain-input'), 'example.com');
  await user.click(screen.getByTestId('domain-submit'));

  await screen.findByTestId('result-heading');
  const spf = screen.getByTestId('spf-record').textContent ?? '';
  expect(spf).toContain(t('result.unchecked.timeout'));
  expect(spf).not.toContain(t('result.spf_none'));
  expect(screen.getByTestId('dmarc-record').textContent).not.toContain(t('result.dmarc_none'));
  const items = screen.getByTestId('findings').querySelectorAll('li');
  expect(items.length).toBe(report.findings.length);
});

it('test reports from makeReport have the same shape as the real core report', async () => {
  const { makeReport } = await import('./fixtures');
  const made = makeReport() as unknown as Record<string, unknown>;
  const real = fixture as unknown as Record<string, unknown>;
  const keys = (o: unknown) => Object.keys(o as object).sort();
  expect(keys(made)).toEqual(keys(real));
  for (const part of ['name', 'spf', 'dmarc']) expect(keys(made[part]), part).toEqual(keys(real[part]));
  expect(keys(timeoutFixture)).toEqual(keys(real));
});
