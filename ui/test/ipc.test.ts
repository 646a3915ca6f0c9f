// Tests for src/ipc: the command wrapper's arguments and the mapping of every rejection to IpcError.

import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDomain, IpcError, isKnownErrorCode, toIpcError } from '../src/ipc';
import { makeReport } from './fixtures';

afterEach(() => clearMocks());

async function rejection(promise: Promise<unknown>): Promise<IpcError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(IpcError);
    return e as IpcError;
  }
  throw new Error('expected a rejection');
}

describe('checkDomain', () => {
  it('invokes check_domain with { input } and resolves to the report', async () => {
    const seen: Array<[string, unknown]> = [];
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      return makeReport();
    });
    const report = await checkDomain(' Example.com ');
    expect(seen).toEqual([['check_domain', { input: ' Example.com ' }]]);
    expect(report.domain).toBe('example.com');
  });

  it('keeps code, message and suggestion of a well-formed rejection', async () => {
    mockIPC(() => {
      throw { code: 'domain.url', message: 'that is a URL', suggestion: 'x.com' };
    });
    const e = await rejection(checkDomain('https://www.x.com/page'));
    expect([e.code, e.message, e.suggestion]).toEqual(['domain.url', 'that is a URL', 'x.com']);
    expect(e.isKnown).toBe(true);
    expect(e.isInputProblem).toBe(true);
  });

  it.each([
    ['a plain string', 'command check_domain not found'],
    ['an Error', new Error('IPC channel closed')],
    ['an object without a code', { message: 'no code here' }],
    ['an object with a numeric code', { code: 42, message: 'wrong type' }],
    ['an object without a message', { code: 'domain.empty' }],
    ['null', null],
    ['undefined', undefined],
    ['a number', 7],
  ])('maps %s to code "internal"', async (_label, raw) => {
    mockIPC(() => {
      throw raw;
    });
    const e = await rejection(checkDomain('example.com'));
    expect(e.code).toBe('internal');
    expect(e.suggestion).toBeNull();
    expect(typeof e.message).toBe('string');
  });

  it('keeps the text of a string rejection as the message (for logs)', () => {
    expect(toIpcError('command check_domain not found').message).toBe('command check_domain not found');
  });

  it('treats an empty suggestion or a missing one as null', () => {
    expect(toIpcError({ code: 'domain.empty', message: 'm', suggestion: '' }).suggestion).toBeNull();
    expect(toIpcError({ code: 'domain.empty', message: 'm' }).suggestion).toBeNull();
  });

  it('keeps an unknown code as it is, so the UI can fall back to the message', () => {
    const e = toIpcError({ code: 'dns.brand_new', message: 'new thing', suggestion: null });
    expect(e.code).toBe('dns.brand_new');
    expect(e.isKnown).toBe(false);
    expect(isKnownErrorCode('dns.config')).toBe(true);
  });

  it('rejects with "internal" when the core resolves with something that is not a report', async () => {
    mockIPC(() => ({ unexpected: true }));
    const e = await rejection(checkDomain('example.com'));
    expect(e.code).toBe('internal');
  });
});
