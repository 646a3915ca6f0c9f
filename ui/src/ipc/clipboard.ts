// Copy to the clipboard (the clipboard-manager plugin; only write-text is allowed).

import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import { toIpcError } from './errors';

/** Put `text` on the clipboard. Rejects with an IpcError when the system refuses. */
export async function copyText(text: string): Promise<void> {
  try {
    await writeText(text);
  } catch (raw) {
    throw toIpcError(raw);
  }
}
