// The single invoke wrapper: every command goes through here, and every rejection becomes an
// IpcError, so nothing outside src/ipc/ ever sees Tauri's own types.

import { invoke } from '@tauri-apps/api/core';
import { toIpcError } from './errors';

export async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toIpcError(raw);
  }
}
