// A fake Rust core for the component tests of the later steps: mockIPC with one handler per
// command, a log of every call, and the watch channel the UI handed to start_watch, so a test can
// push the real `sendwell watch --json` lines into it the way Tauri delivers channel messages.

import { flushWatches } from '../src/lib/watch.svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { WatchEvent } from '../src/ipc';
import watchLines from './fixtures/watch-events.jsonl?raw';

export type Handler = (args: Record<string, unknown>) => unknown;

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

/** The channel object the UI passed as `onEvent`, and how many messages it has had. */
interface OpenChannel {
  id: number;
  sent: number;
}

/** What mockIPC installs on window: runCallback delivers to a Channel by its id. */
function internals(): { runCallback: (id: number, data: unknown) => void } {
  return (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
}

/** The real watch fixture, one event per line. */
export const WATCH_EVENTS: WatchEvent[] = watchLines
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as WatchEvent);

export class FakeCore {
  calls: Call[] = [];
  channels = new Map<string, OpenChannel>();

  constructor(handlers: Record<string, Handler>) {
    mockIPC((cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      this.calls.push({ cmd, args });
      if (cmd === 'start_watch') {
        const channel = args.onEvent as { id: number };
        this.channels.set(String(args.domain), { id: channel.id, sent: 0 });
      }
      const handler = handlers[cmd];
      if (!handler) {
        if (cmd === 'start_watch' || cmd === 'cancel_watch') return null;
        throw new Error(`the fake core has no command ${cmd}`);
      }
      return handler(args);
    });
  }

  /** Calls of one command, in order. */
  of(cmd: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  /** Deliver events on the domain's watch channel, as Tauri does (numbered messages). */
  send(domain: string, ...events: WatchEvent[]): void {
    const ch = this.channels.get(domain);
    if (!ch) throw new Error(`no watch channel for ${domain}`);
    for (const message of events) {
      internals().runCallback(ch.id, { index: ch.sent, message });
      ch.sent += 1;
    }
    // The store applies events once per frame; tests look at the board right away.
    flushWatches();
  }
}

/** A coded rejection, as the Rust commands send it. */
export function reject(code: string, message = `core says ${code}`): never {
  throw { code, message, suggestion: null };
}

export function resetCore(): void {
  clearMocks();
}
