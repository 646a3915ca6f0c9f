// WCAG AA contrast of the UI's colours, read from app.css itself (light, and the dark block that
// follows the system): every text colour against every background it is drawn on reaches 4.5:1,
// and focus rings and control borders 3:1 (WCAG 2.2 SC 1.4.3, 1.4.11; luminance per WCAG 2.x).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(__dirname, '..', 'src', 'app.css'), 'utf8');

/** The `--name: #hex` pairs of one block of app.css. */
function palette(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)) out[m[1] ?? ''] = (m[2] ?? '').toLowerCase();
  return out;
}

const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const light = palette(css.slice(0, darkStart));
const dark = { ...light, ...palette(css.slice(darkStart)) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** [text colour, the backgrounds it is drawn on, the ratio it needs]. */
const PAIRS: [string, string[], number][] = [
  ['text', ['bg', 'surface', 'input-bg', 'code-bg', 'accent-bg'], 4.5],
  ['muted', ['bg', 'surface', 'code-bg'], 4.5],
  ['accent-text', ['bg', 'surface', 'accent-bg'], 4.5],
  ['on-accent', ['accent', 'accent-hover'], 4.5],
  ['ok-text', ['surface', 'ok-bg', 'bg'], 4.5],
  ['warn-text', ['surface', 'warn-bg', 'bg'], 4.5],
  ['bad-text', ['surface', 'bad-bg', 'bg'], 4.5],
  ['disabled-text', ['disabled-bg'], 4.5],
  ['focus', ['bg', 'surface'], 3],
  ['border-strong', ['surface', 'input-bg'], 3],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme', (_name, colours) => {
  it.each(PAIRS)('%s is readable on its backgrounds', (fg, backgrounds, need) => {
    const c = colours[fg];
    expect(c, `--${fg} in app.css`).toBeTruthy();
    for (const bg of backgrounds) {
      const b = colours[bg];
      expect(b, `--${bg} in app.css`).toBeTruthy();
      const ratio = contrast(c as string, b as string);
      expect(ratio, `--${fg} on --${bg}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(need);
    }
  });
});
