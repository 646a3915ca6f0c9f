// Tests for the message catalog and t(): placeholders, completeness for every known error code.

import { describe, expect, it } from 'vitest';
import { KNOWN_ERROR_CODES } from '../src/ipc';
import { en, errorText, t, tParts } from '../src/i18n';

describe('t()', () => {
  it('fills placeholders', () => {
    expect(t('domain.progress', { domain: 'example.com' })).toBe('Looking up example.com…');
    expect(t('result.spf_multiple', { count: 3 })).toBe('3 SPF records found');
  });

  it('returns plain messages unchanged', () => {
    expect(t('app.title')).toBe('Sendwell');
  });

  it('is checked at compile time', () => {
    // @ts-expect-error: the message has a {domain} placeholder
    t('domain.progress');
    // @ts-expect-error: no such key
    t('domain.nope');
    // @ts-expect-error: wrong placeholder name
    t('domain.progress', { name: 'x' });
    expect(true).toBe(true);
  });

  it('splits a message around its placeholders for markup', () => {
    expect(tParts('result.punycode', { ascii: 'xn--bcher-kva.de' })).toEqual([
      { text: 'Shown as ', param: null },
      { text: 'xn--bcher-kva.de', param: 'ascii' },
      { text: ' in DNS', param: null },
    ]);
  });
});

describe('error messages', () => {
  it.each(KNOWN_ERROR_CODES)('%s has a plain message and a next step', (code) => {
    const text = errorText({ code, message: 'core message' });
    expect(text.message.length).toBeGreaterThan(10);
    expect(text.next.length).toBeGreaterThan(10);
    expect(text.message).not.toContain('core message');
  });

  it('falls back to the core message for an unknown code', () => {
    expect(errorText({ code: 'x.y', message: 'core says no' }).message).toBe('Something went wrong: core says no');
  });

  it('has no empty messages and no unfilled braces other than placeholders', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(text.replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}]/);
    }
  });
});
