// Vite + Vitest configuration for the Sendwell UI (the folder ui/ is the Vite root).
// Tauri loads the production build from ui/dist; `tauri dev` loads the dev server on port 5173.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { searchForWorkspaceRoot } from 'vite';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// Set by the Tauri CLI while it runs `beforeDevCommand` / `beforeBuildCommand`.
const tauriDebug = Boolean(process.env.TAURI_ENV_DEBUG);
// A git worktree may symlink node_modules to another checkout: allow its real folder too (the
// test setup file of @testing-library/svelte is loaded from there).
const modules = realpathSync(fileURLToPath(new URL('./node_modules', import.meta.url)));

export default defineConfig(({ mode }) => ({
  root,
  // Relative asset URLs work from both tauri://localhost and http://tauri.localhost.
  base: './',
  plugins: [svelte(), svelteTesting()],
  // The Rust side's output already fills the terminal; keep it readable.
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  server: {
    port: 5173,
    strictPort: true,
    host: '127.0.0.1',
    fs: { allow: [searchForWorkspaceRoot(root), modules] },
  },
  preview: {
    port: 4173,
    strictPort: true,
    host: '127.0.0.1',
  },
  build: {
    // `--mode mock` builds a screenshot-only copy with the fake IPC into dist-mock/.
    outDir: mode === 'mock' ? 'dist-mock' : 'dist',
    emptyOutDir: true,
    // WebView2 (Windows) is Chromium; WKWebView / WebKitGTK elsewhere.
    target: ['es2021', 'chrome105', 'safari15'],
    // Never inline assets as data: URLs (fonts would break the CSP); keep CSS in files.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: tauriDebug,
    minify: !tauriDebug,
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
  },
}));
