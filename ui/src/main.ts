// Entry point: mounts the Svelte app. In `--mode mock` builds only (screenshots, browser
// development without the Rust core) it first installs a fake IPC; Tauri builds never include it.

import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start(): Promise<void> {
  if (import.meta.env.MODE === 'mock' && !('__TAURI_INTERNALS__' in window)) {
    const { installDevMock } = await import('./ipc/devMock');
    installDevMock();
  }
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  mount(App, { target });
  if (import.meta.env.MODE === 'mock') {
    const { autoRunFromHash } = await import('./ipc/devMock');
    autoRunFromHash();
  }
}

void start();
