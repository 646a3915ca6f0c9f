// The Domain step as a person uses it: the built Sendwell app in a real window (Xvfb), driven by
// tauri-driver + WebKitWebDriver, pointed at the test resolver; the CLI must give the same answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYS, Session, startDriver } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = process.env.SENDWELL_APP ?? join(root, 'target', 'e2e', 'sendwell-desktop');
const cli = join(root, 'target', 'debug', 'sendwell');
const shots = join(root, 'tests', 'e2e', 'out');
const resolvers = process.env.SENDWELL_RESOLVERS;

let driver;
let session;
let home;

before(async () => {
  assert.ok(resolvers, 'SENDWELL_RESOLVERS must point at the test resolver (make test starts it)');
  assert.ok(existsSync(app), `build the app first: make build (${app})`);
  // A private HOME so the app's settings and data never touch the real user's.
  home = mkdtempSync(join(tmpdir(), 'sendwell-e2e-home-'));
  process.env.HOME = home;
  process.env.NO_AT_BRIDGE = '1';
  driver = await startDriver(4444);
  session = await Session.open(driver.base, app);
});

after(async () => {
  // The last screen, kept for whoever reads a failure.
  await session?.screenshot(shots, 'zz-last-screen').catch(() => {});
  await session?.close();
  driver?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

function cliCheck(domain) {
  try {
    return JSON.parse(execFileSync(cli, ['check', domain, '--json'], { env: process.env }).toString());
  } catch (e) {
    // Exit 1 (problems found) still prints the report.
    return JSON.parse(e.stdout.toString());
  }
}

async function lookUp(domain) {
  await session.clear('[data-testid="domain-input"]');
  await session.type('[data-testid="domain-input"]', domain + KEYS.enter);
}

test('opens on the Domain step with the Sendwell title', async () => {
  const url = await session.cmd('GET', '/url');
  assert.ok(!url.startsWith('http://127.0.0.1:5173'), `${app} is a dev build (loads ${url}): run make build`);
  assert.equal(await session.title(), 'Sendwell');
  await session.find('[data-testid="domain-input"]');
  await session.screenshot(shots, '01-domain-empty');
});

test('example.test shows the mail provider and the records, as the CLI does', async () => {
  await lookUp('example.test');
  await session.waitForText('[data-testid="result-heading"]', 'example.test');
  // Keyboard users land on the result: focus moves to its heading after the lookup.
  const focused = await session.cmd('POST', '/execute/sync', {
    script: 'return document.activeElement && document.activeElement.dataset.testid;',
    args: [],
  });
  assert.equal(focused, 'result-heading');
  const expected = cliCheck('example.test');
  assert.equal(expected.mail_provider.name, 'Google Workspace');
  await session.waitForText('[data-testid="mail-provider"]', expected.mail_provider.name);
  await session.waitForText('[data-testid="spf-record"]', expected.spf.record);
  await session.waitForText('[data-testid="dmarc-record"]', expected.dmarc.record);
  const ns = await session.text('[data-testid="ns-list"]');
  for (const host of expected.ns) assert.ok(ns.includes(host), `${host} in ${ns}`);
  const mx = await session.text('[data-testid="mx-list"]');
  for (const m of expected.mx) assert.ok(mx.includes(m.exchange), `${m.exchange} in ${mx}`);
  await session.screenshot(shots, '02-domain-example-test');
  await session.scrollTo('[data-testid="spf-record"]');
  await session.screenshot(shots, '02b-domain-example-test-records');
});

test('acme.test: Cloudflare DNS, Microsoft 365 mail, two SPF records flagged', async () => {
  await lookUp('acme.test');
  await session.waitForText('[data-testid="result-heading"]', 'acme.test');
  const expected = cliCheck('acme.test');
  await session.waitForText('[data-testid="dns-host"]', expected.dns_host.name);
  await session.waitForText('[data-testid="mail-provider"]', expected.mail_provider.name);
  const spf = await session.text('[data-testid="spf-record"]');
  for (const r of expected.spf.records_found) assert.ok(spf.includes(r), `${r} in ${spf}`);
  const findings = await session.text('[data-testid="findings"]');
  assert.ok(findings.includes(expected.findings[0].message), findings);
  await session.screenshot(shots, '03-domain-acme-test');
});

test('an email address gets a plain error and a one-click fix', async () => {
  await lookUp('bob@example.test');
  const err = await session.waitForText('[data-testid="domain-error"]', '@');
  assert.ok(err.length > 10, err);
  await session.screenshot(shots, '04-domain-email-error');
  await session.click('button.suggestion');
  await session.waitForText('[data-testid="result-heading"]', 'example.test');
});

test('a domain that does not exist says so', async () => {
  await lookUp('nosuch.test');
  await session.waitForText('[data-testid="result-heading"]', 'nosuch.test');
  const findings = await session.text('[data-testid="findings"]');
  assert.ok(findings.includes('does not exist'), findings);
});

test('a DNS server that never answers reads "could not be checked", never "none found"', async () => {
  // Unbound keeps trying the black hole after earlier tests gave up, then caches a SERVFAIL for
  // a few seconds: clear that, so this test meets the black hole itself.
  const control = process.env.SENDWELL_TEST_UNBOUND_CONTROL;
  assert.ok(control, 'SENDWELL_TEST_UNBOUND_CONTROL is set by tests/servers/start.sh');
  for (const cmd of ['flush_requestlist', 'flush_infra all', 'flush_zone timeout.test']) {
    execFileSync('sh', ['-c', `${control} ${cmd}`]);
  }
  await lookUp('timeout.test');
  await session.waitForText('[data-testid="result-heading"]', 'timeout.test', 40_000);
  const spf = await session.text('[data-testid="spf-record"]');
  assert.ok(!/none found|no spf/i.test(spf), `SPF box says missing after a timeout: ${spf}`);
  const findings = await session.text('[data-testid="findings"]');
  assert.ok(findings.includes('does not mean the record is missing'), findings);
  await session.screenshot(shots, '05-domain-timeout');
});

test('an international domain shows the typed form and the DNS (punycode) form', async () => {
  await lookUp('Bücher.test');
  const heading = await session.waitForText('[data-testid="result-heading"]', 'bücher.test');
  assert.ok(heading.includes('bücher.test'), heading);
  const expected = cliCheck('bücher.test');
  assert.equal(expected.domain, 'xn--bcher-kva.test');
  await session.waitForText('main', 'xn--bcher-kva.test');
  await session.waitForText('[data-testid="mail-provider"]', expected.mail_provider.name);
  await session.screenshot(shots, '06-domain-idn');
});

test('a subdomain says where records go and offers the registrable domain', async () => {
  await lookUp('mail.example.test');
  await session.waitForText('[data-testid="result-heading"]', 'mail.example.test');
  await session.waitForText('main', 'Use example.test instead');
  await session.screenshot(shots, '07-domain-subdomain');
});
