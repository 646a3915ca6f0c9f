// A small W3C WebDriver client for the desktop end-to-end tests: starts tauri-driver in its own
// process group, opens a session on the built app, finds elements, types, reads text, screenshots.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const KEYS = { enter: '\uE007' };

// Resolved once at load, before a test points HOME somewhere private.
const DRIVER = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo', 'bin', 'tauri-driver');

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${res.status} ${v.error ?? ''} ${v.message ?? ''}`);
  }
  return json.value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start tauri-driver and wait until it answers /status. Returns { base, stop }. */
export async function startDriver(port = 4444) {
  const child = spawn(DRIVER, ['--port', String(port), '--native-port', String(port + 1)], {
    detached: true, // its own process group, so stop() also ends WebKitWebDriver
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let spawnError = null;
  child.on('error', (e) => {
    spawnError = e;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(base + '/status');
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null || spawnError) {
      stop();
      throw new Error(`tauri-driver did not start on port ${port} (${spawnError?.message ?? 'no answer'})`);
    }
    await sleep(100);
  }
  return { base, stop };
}

/** A WebDriver session on the app binary. */
export class Session {
  static async open(base, application) {
    const value = await request(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async close() {
    await this.cmd('DELETE', '').catch(() => {});
  }

  /** The first element matching a CSS selector, waiting for it up to `timeout` ms. */
  async find(css, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        return el[ELEMENT];
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`no element ${css} after ${timeout} ms (${e.message})`);
        await sleep(150);
      }
    }
  }

  /** Run `script` in the page (its `return` value comes back). */
  async run(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Wait until `script` (run in the page) returns something truthy. */
  async waitUntil(script, what, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.run(script).catch(() => null);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await sleep(250);
    }
  }

  async exists(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.length > 0;
  }

  async text(css, timeout) {
    const el = await this.find(css, timeout);
    return this.cmd('GET', `/element/${el}/text`);
  }

  async clear(css) {
    const el = await this.find(css);
    await this.cmd('POST', `/element/${el}/clear`, {});
  }

  /** Replace a field's whole value as a paste would (an `input` event, so bound state follows). */
  async setValue(css, text) {
    const el = await this.find(css);
    await this.cmd('POST', '/execute/sync', {
      script:
        'const e = arguments[0]; e.focus(); e.value = arguments[1];' +
        'e.dispatchEvent(new Event("input", { bubbles: true }));' +
        'e.dispatchEvent(new Event("change", { bubbles: true }));',
      args: [{ [ELEMENT]: el }, text],
    });
  }

  async type(css, text) {
    const el = await this.find(css);
    await this.cmd('POST', `/element/${el}/value`, { text });
  }

  async click(css) {
    const el = await this.find(css);
    await this.cmd('POST', `/element/${el}/click`, {});
  }

  /** Scroll the element into the middle of the window (for screenshots of what is below the fold). */
  async scrollTo(css) {
    const el = await this.find(css);
    await this.cmd('POST', '/execute/sync', {
      script: 'arguments[0].scrollIntoView({ block: "center" });',
      args: [{ [ELEMENT]: el }],
    });
  }

  async title() {
    return this.cmd('GET', '/title');
  }

  /** Wait until `css` holds text containing `needle`. */
  async waitForText(css, needle, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    let last = '';
    for (;;) {
      last = await this.text(css, timeout).catch(() => '');
      if (last.includes(needle)) return last;
      if (Date.now() > deadline) throw new Error(`${css} never showed "${needle}" (last: "${last}")`);
      await sleep(200);
    }
  }

  /** Save a PNG screenshot of the window to `dir/name.png`. */
  async screenshot(dir, name) {
    // WebKitGTK under Xvfb hands out the last painted frame: let two frames and a moment pass.
    await this.cmd('POST', '/execute/async', {
      script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
      args: [],
    }).catch(() => {});
    await sleep(800);
    const b64 = await this.cmd('GET', '/screenshot');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    writeFileSync(path, Buffer.from(b64, 'base64'));
    return path;
  }
}
