// The watch commands: start (or re-attach to) the propagation watch of a domain's saved plan and
// receive its events over a channel; cancel it.

import { Channel } from '@tauri-apps/api/core';
import { call } from './call';
import type { WatchEvent } from './watch-types';

/**
 * Start watching `domain` (or re-attach to its running watch: every latest event is replayed).
 * Resolves once the core has taken the channel; events keep arriving after that.
 */
export async function startWatch(domain: string, onEvent: (event: WatchEvent) => void): Promise<void> {
  const channel = new Channel<WatchEvent>();
  channel.onmessage = onEvent;
  await call<null>('start_watch', { domain, onEvent: channel });
}

/** Stop the watch of `domain`; its summary (outcome `cancelled`) still arrives on the channel. */
export async function cancelWatch(domain: string): Promise<void> {
  await call<null>('cancel_watch', { domain });
}
