// @vitest-environment node
// Guards the one IPC door (STYLE.md habit 13): only src/ipc/ may import @tauri-apps/*.
/// <reference types="node" />

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|svelte)$/.test(name) ? [path] : [];
  });
}

// import ... from '@tauri-apps/x', import '@tauri-apps/x', import('@tauri-apps/x'), export ... from, require(...)
const TAURI_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"`]@tauri-apps\//;

describe('IPC boundary', () => {
  const files = sourceFiles(src);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.some((f) => f.endsWith(`ipc${sep}commands.ts`))).toBe(true);
  });

  it('the pattern catches every form of import', () => {
    for (const line of [
      "import { invoke } from '@tauri-apps/api/core';",
      'import "@tauri-apps/api";',
      "const m = await import('@tauri-apps/api/mocks');",
      "export * from '@tauri-apps/api/event';",
      "require('@tauri-apps/api')",
    ]) {
      expect(TAURI_IMPORT.test(line), line).toBe(true);
    }
  });

  it('no file outside src/ipc imports @tauri-apps', () => {
    const offenders = files
      .filter((f) => !relative(src, f).startsWith(`ipc${sep}`))
      .filter((f) => TAURI_IMPORT.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f));
    expect(offenders).toEqual([]);
  });
});
