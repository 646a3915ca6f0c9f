// The watch's record keys as the Propagation step shows them.
import { describe, expect, it } from 'vitest';
import { splitRecordKey } from '../src/steps/propagation/record-key';

describe('splitRecordKey', () => {
  it('reads type and name, and an MX key’s mail server', () => {
    for (const [key, type, name] of [
      ['TXT _dmarc.example.com', 'TXT', '_dmarc.example.com'],
      ['MX example.com aspmx.l.google.com', 'MX', 'example.com → aspmx.l.google.com'],
      ['oddkey', '', 'oddkey'],
    ] as const) {
      expect(splitRecordKey(key)).toEqual({ type, name });
    }
  });
});
