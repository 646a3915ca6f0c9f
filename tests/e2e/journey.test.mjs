// The whole journey as a new user makes it, in the built app under Xvfb against the test servers:
// example.test → Google Workspace plus an own server → a DKIM key made here → Publish (the
// harness pastes the exported zone records into Knot, first with one classic mistake and the
// secondary held back) → Propagation until live, closing and reopening the app mid-watch →
// the Dovecot/Postfix mailbox (a wrong password first) → Done, which survives a restart. Then a
// POP3-only mailbox. Screenshots of every step go to tests/e2e/out/journey-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYS, Session, startDriver } from './webdriver.mjs';
import { TestZone, parseZoneExport } from './zone.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = process.env.SENDWELL_APP ?? join(root, 'target', 'e2e', 'sendwell-desktop');
const shots = join(root, 'tests', 'e2e', 'out');
const DOMAIN = 'example.test';

let driver;
let session;
let home;
let exportDir;
let zone;

async function launch() {
  session = await Session.open(driver.base, app);
  await session.find('main');
}

before(async () => {
  assert.ok(process.env.SENDWELL_RESOLVERS, 'make test starts the test servers');
  assert.ok(existsSync(app), `build the app first: make build (${app})`);
  home = mkdtempSync(join(tmpdir(), 'sendwell-e2e-journey-'));
  exportDir = mkdtempSync(join(tmpdir(), 'sendwell-e2e-export-'));
  process.env.HOME = home;
  process.env.NO_AT_BRIDGE = '1';
  // Exports are saved here without the native dialog; the mail servers' test CA is trusted
  // explicitly (certificates are always verified).
  process.env.SENDWELL_EXPORT_DIR = exportDir;
  process.env.SENDWELL_CA_FILE = process.env.SENDWELL_TEST_CA;
  zone = new TestZone(DOMAIN);
  zone.restore();
  driver = await startDriver(4450);
  await launch();
});

after(async () => {
  await session?.screenshot(shots, 'journey-zz-last-screen').catch(() => {});
  await session?.close();
  driver?.stop();
  zone?.restore();
  for (const dir of [home, exportDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Wait until the step list marks `step` as the current one. */
async function onStep(step, timeout = 20_000) {
  await session.find(`[data-step="${step}"] [aria-current="step"]`, timeout);
}

async function next(step) {
  await session.click('.step-nav button.primary');
  await onStep(step);
}

const pageHas = (text) => `return document.querySelector('main')?.innerText.includes(${JSON.stringify(text)});`;

async function fillServers(host) {
  const open = await session.run(`return document.querySelector('[data-testid="mailbox-advanced"]').open;`);
  if (!open) await session.click('[data-testid="mailbox-advanced"] summary');
  for (const p of ['imap', 'pop3', 'smtp']) await session.setValue(`[data-testid="server-${p}"]`, host);
}

async function checkMailbox(address, password) {
  await session.setValue('[data-testid="mailbox-address"]', address);
  // A changed address is looked up: its servers are prefilled in Advanced.
  await session.waitUntil(
    `return document.querySelector('[data-testid="mailbox-discovery"]')?.innerText.includes(${JSON.stringify(address)});`,
    'the discovered settings',
  );
  await fillServers(process.env.SENDWELL_TEST_MAIL_HOST);
  await session.setValue('[data-testid="mailbox-password"]', password);
  await session.click('[data-testid="mailbox-check"]');
  await session.find('[data-testid="mailbox-result"]', 60_000);
  // The password field is emptied and never shown again.
  const left = await session.run(`return document.querySelector('[data-testid="mailbox-password"]').value;`);
  assert.equal(left, '');
}

test('a new user gets example.test ready: records live, mailbox verified, Done', { timeout: 600_000 }, async () => {
  // 1. Domain
  await session.type('[data-testid="domain-input"]', DOMAIN + KEYS.enter);
  await session.waitForText('[data-testid="result-heading"]', DOMAIN);
  await session.screenshot(shots, 'journey-01-domain');
  await session.click('[data-testid="domain-next"]');
  await onStep('senders');

  // 2. Senders: Google Workspace is ticked (the domain's mail is there today); add an own server.
  await session.waitUntil(`return document.querySelector('input[value="google-workspace"]')?.checked;`, 'Google Workspace ticked');
  await session.click('input[value="own-server"]');
  await session.type('[data-testid="ip-input"]', '203.0.113.7' + KEYS.enter);
  await session.waitUntil(pageHas('203.0.113.7'), 'the own IP listed');
  await session.screenshot(shots, 'journey-02-senders');
  await next('spf');

  // 3. SPF: one merged record with both senders.
  await session.waitUntil(pageHas('ip4:203.0.113.7'), 'the merged SPF record', 30_000);
  await session.waitUntil(pageHas('include:_spf.google.com'), 'the Google include');
  await session.screenshot(shots, 'journey-03-spf');
  await next('dkim');

  // 4. DKIM: a key made on this computer.
  const key = await session.waitForText('[data-testid="dkim-key"]', 'sw', 30_000);
  await session.screenshot(shots, 'journey-04-dkim');
  await next('dmarc');
  await session.waitUntil(pageHas('p=none'), 'the DMARC record');
  await session.screenshot(shots, 'journey-05-dmarc');
  await next('extras');
  await session.screenshot(shots, 'journey-06-extras');
  await next('publish');

  // 7. Publish: the checklist, then the zone export the harness pastes at "the registrar".
  await session.find('[data-testid="records"]', 30_000);
  await session.screenshot(shots, 'journey-07-publish');
  await session.click('[data-testid="export-zone"]');
  const saved = await session.waitForText('[data-testid="export-result"]', exportDir);
  const file = join(exportDir, `${DOMAIN}-email-records.zone`);
  assert.ok(saved.includes(file), saved);
  const records = parseZoneExport(readFileSync(file, 'utf8'));
  const dkim = records.find((r) => r.name.includes('._domainkey.'));
  assert.ok(dkim, 'the export has the DKIM record');
  assert.ok(key.includes(dkim.name.split('.')[0]), `${key} shows the selector of ${dkim.name}`);
  const rest = records.filter((r) => r !== dkim);
  // A classic mistake: the full name typed into a Host field that appends the domain.
  zone.freezeSecondary();
  zone.publish([...rest, dkim], { owner: (n) => (n === dkim.name ? `${dkim.name}${DOMAIN}.` : n) });
  await next('propagation');

  // 8. Propagation: the doubled name is found and its fix shown, while the secondary lags.
  const mistakes = await session.waitForText('[data-testid="watch-mistakes"]', `${DOMAIN}.${DOMAIN}`, 60_000);
  assert.ok(/host|name/i.test(mistakes), mistakes);
  await session.screenshot(shots, 'journey-08-propagation-mistake');
  zone.unset(`${dkim.name}${DOMAIN}.`, 'TXT');
  zone.publish([dkim]);
  await session.waitUntil(pageHas('published on 1 of 2'), '"published on 1 of 2 name servers"', 60_000);
  await session.screenshot(shots, 'journey-08b-propagation-lagging');

  // Closing the app mid-watch and opening it again: back on Propagation, the watch resumed.
  await session.close();
  await launch();
  await onStep('propagation', 30_000);
  await session.find('[data-testid="watch-matrix"]', 30_000);
  await session.screenshot(shots, 'journey-08c-propagation-resumed');
  // The resolver still holds the old SPF record from the Domain step (TTL 300 s), which the
  // watch would show as the old value with an ETA: dropping it stands in for that wait.
  zone.flushResolver();
  zone.thawSecondary();
  try {
    await session.find('[data-testid="watch-result"][data-outcome="all_live"]', 150_000);
  } catch (e) {
    await session.screenshot(shots, 'journey-08-failed');
    const board = await session.text('[data-testid="watch-matrix"]').catch(() => '');
    throw new Error(`${e.message}\nboard:\n${board}`);
  }
  const progress = await session.text('[data-testid="watch-progress"]');
  assert.ok(progress.includes(`${records.length} of ${records.length}`), progress);
  await session.screenshot(shots, 'journey-08d-propagation-live');
  await next('mailboxes');

  // 9. Mailboxes: a wrong password first (a result with its fix, never kept), then the right one.
  const address = process.env.SENDWELL_TEST_IMAP_ONLY_USER;
  await checkMailbox(address, 'not-the-password');
  await session.find('[data-testid="mailbox-auth"]');
  await session.screenshot(shots, 'journey-09-mailbox-wrong-password');
  await checkMailbox(address, process.env.SENDWELL_TEST_IMAP_ONLY_PASSWORD);
  await session.find('[data-testid="mailbox-verdict"][data-verdict="ready"]', 60_000);
  await session.screenshot(shots, 'journey-09b-mailbox-ready');
  await next('done');

  // 10. Done: the dashboard, checked again; it survives a restart.
  await session.find(`[data-testid="health-${DOMAIN}"]`, 30_000);
  const card = await session.text('[data-testid="dashboard"]');
  assert.ok(card.includes(DOMAIN), card);
  assert.ok(card.includes(`${records.length} of ${records.length}`) || card.includes(`${records.length}/${records.length}`), card);
  await session.screenshot(shots, 'journey-10-done');
  await session.close();
  await launch();
  await onStep('done', 30_000);
  const again = await session.text('[data-testid="dashboard"]');
  assert.ok(again.includes(DOMAIN), again);
});

test('a POP3-only mailbox is told why that breaks reply detection', { timeout: 120_000 }, async () => {
  await session.click('[data-step="mailboxes"] button');
  await onStep('mailboxes');
  await checkMailbox(process.env.SENDWELL_TEST_POP3_ONLY_USER, process.env.SENDWELL_TEST_POP3_ONLY_PASSWORD);
  await session.find('[data-testid="mailbox-pop3"]', 30_000);
  const verdict = await session.run(`return document.querySelector('[data-testid="mailbox-verdict"]')?.dataset.verdict;`);
  assert.notEqual(verdict, 'ready');
  await session.screenshot(shots, 'journey-09c-mailbox-pop3-only');
});

test('every step in dark mode (the system theme), for the screenshots', { timeout: 180_000 }, async () => {
  // A second app start with a dark GTK theme; WebKitGTK reports it as prefers-color-scheme: dark.
  await session.close();
  driver.stop();
  process.env.GTK_THEME = 'Adwaita:dark';
  driver = await startDriver(4452);
  await launch();
  const dark = await session.run(`return matchMedia('(prefers-color-scheme: dark)').matches;`);
  assert.equal(dark, true, 'the dark system theme reaches the web view');
  const steps = ['domain', 'senders', 'spf', 'dkim', 'dmarc', 'extras', 'publish', 'propagation', 'mailboxes', 'done'];
  for (const [i, step] of steps.entries()) {
    await session.click(`[data-step="${step}"] button`);
    await onStep(step);
    await session.find('main h1');
    await session.screenshot(shots, `journey-dark-${String(i + 1).padStart(2, '0')}-${step}`);
  }
});
