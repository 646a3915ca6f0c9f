// Checks a production build against the app's CSP (no inline script/style, no remote content)
// and that the development IPC mock was left out. Run by `npm run build` after `vite build`.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const problems = [];

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (!/\bsrc=/.test(tag[1] ?? '') || (tag[2] ?? '').trim() !== '') {
    problems.push(`index.html has an inline <script>: ${tag[0].slice(0, 80)}`);
  }
}
if (/<style\b/i.test(html)) problems.push('index.html has an inline <style>');
if (/\sstyle\s*=/i.test(html)) problems.push('index.html has a style="" attribute');
if (/\son[a-z]+\s*=/i.test(html)) problems.push('index.html has an inline event handler');
if (/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html)) {
  problems.push('index.html loads something from another origin');
}

const all = files(dist);
for (const path of all) {
  const name = relative(dist, path);
  if (path.endsWith('.css')) {
    const css = readFileSync(path, 'utf8');
    if (/url\(\s*["']?(?:https?:)?\/\//i.test(css)) problems.push(`${name} loads a remote url()`);
    if (/@import/i.test(css)) problems.push(`${name} uses @import`);
  }
  if (path.endsWith('.js')) {
    const js = readFileSync(path, 'utf8');
    if (js.includes('sendwell-dev-mock')) problems.push(`${name} contains the development IPC mock`);
  }
}
if (!all.some((p) => p.endsWith('.css'))) problems.push('no CSS file was emitted');

if (problems.length > 0) {
  console.error(`verify-dist: ${problems.length} problem(s) in ${dist}`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`verify-dist: ok (${all.length} files; no inline script/style, no remote content, no dev mock)`);
