// IpcError: the one error type the UI sees from the core, whatever Tauri rejected with.
// The UI branches on `code` (never on `message`, which is for logs and unknown codes only).

import { KNOWN_ERROR_CODES, type IpcErrorPayload, type KnownErrorCode } from './types';

export class IpcError extends Error implements IpcErrorPayload {
  override readonly name = 'IpcError';
  readonly code: string;
  readonly suggestion: string | null;

  constructor(code: string, message: string, suggestion: string | null = null) {
    super(message);
    this.code = code;
    this.suggestion = suggestion;
  }

  /** True when the code is one the catalog has a message for. */
  get isKnown(): boolean {
    return isKnownErrorCode(this.code);
  }

  /** True for problems with what the person typed (as opposed to settings or bugs). */
  get isInputProblem(): boolean {
    return this.code.startsWith('domain.');
  }
}

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly string[]).includes(code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns whatever a command rejected with into an IpcError. Anything that is not the
 * `{ code, message, suggestion }` shape (a string from Tauri itself, an Error, junk) is
 * reported as code `internal`, keeping a readable message for logs.
 */
export function toIpcError(raw: unknown): IpcError {
  if (raw instanceof IpcError) return raw;
  if (
    isRecord(raw) &&
    typeof raw.code === 'string' &&
    raw.code.length > 0 &&
    typeof raw.message === 'string'
  ) {
    const suggestion =
      typeof raw.suggestion === 'string' && raw.suggestion.length > 0 ? raw.suggestion : null;
    return new IpcError(raw.code, raw.message, suggestion);
  }
  let message: string;
  if (typeof raw === 'string') message = raw;
  else if (raw instanceof Error) message = raw.message;
  else {
    try {
      message = `Unexpected reply from the app core: ${JSON.stringify(raw)}`;
    } catch {
      message = 'Unexpected reply from the app core';
    }
  }
  return new IpcError('internal', message, null);
}
