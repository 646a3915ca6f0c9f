// The test harness standing in for the person at their registrar: it publishes the records of a
// Sendwell zone export into the test Knot primary (knotc transactions), holds the secondary back,
// and puts the zone back as its file says when the test is done (tests/servers/README.md).
import { execFileSync } from 'node:child_process';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: make test starts the test servers`);
  return v;
};

function sh(command) {
  return execFileSync('sh', ['-c', command], { encoding: 'utf8' });
}

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Every record line of a zone export, with the old value of each record it says to edit. */
export function parseZoneExport(text) {
  const records = [];
  let old = null;
  let unchanged = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('; (already published exactly like this)')) {
      unchanged = true;
      continue;
    }
    const edit = line.match(/^; EDIT the existing record .*today it is: (.*)$/);
    if (edit) {
      old = edit[1];
      continue;
    }
    if (line.startsWith(';') || !line.trim()) continue;
    const m = line.match(/^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/);
    if (!m) throw new Error(`not a record line: ${line}`);
    records.push({ name: m[1], ttl: Number(m[2]), type: m[3], rdata: m[4], old, unchanged });
    old = null;
    unchanged = false;
  }
  return records;
}

/** TXT data as zone-file strings: each at most 255 bytes, quoted (RFC 1035 §5.1). */
export function txtRdata(text) {
  const chunks = [];
  for (let i = 0; i < text.length; i += 255) chunks.push(text.slice(i, i + 255));
  return chunks.map((c) => `"${c.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' ');
}

export class TestZone {
  constructor(zone) {
    this.zone = zone;
    this.primary = env('SENDWELL_TEST_KNOTC_PRIMARY');
    this.secondary = env('SENDWELL_TEST_KNOTC_SECONDARY');
    this.unbound = env('SENDWELL_TEST_UNBOUND_CONTROL');
  }

  /** Publish records on the primary in one transaction: edits replace the old value; records
   *  the export marks as already published are left alone. */
  publish(records, { owner } = {}) {
    const z = this.zone;
    sh(`${this.primary} zone-begin ${z}`);
    try {
      for (const r of records.filter((x) => !x.unchanged)) {
        const name = owner ? owner(r.name) : r.name;
        if (r.old !== null && r.old !== undefined) {
          sh(`${this.primary} zone-unset ${z} ${name} ${r.type} ${quote(txtRdata(r.old))}`);
        }
        sh(`${this.primary} zone-set ${z} ${name} ${r.ttl} ${r.type} ${quote(r.rdata)}`);
      }
      sh(`${this.primary} zone-commit ${z}`);
    } catch (e) {
      sh(`${this.primary} zone-abort ${z}`);
      throw e;
    }
  }

  /** Remove one record (name absolute with a final dot). */
  unset(name, type) {
    const z = this.zone;
    sh(`${this.primary} zone-begin ${z}`);
    sh(`${this.primary} zone-unset ${z} ${name} ${type}`);
    sh(`${this.primary} zone-commit ${z}`);
  }

  /** Hold the secondary at its current version. */
  freezeSecondary() {
    for (let i = 0; i < 50; i++) {
      sh(`${this.secondary} -b zone-freeze ${this.zone}`);
      if (sh(`${this.secondary} zone-status ${this.zone}`).includes('freeze: yes')) return;
      execFileSync('sleep', ['0.1']);
    }
    throw new Error('the secondary does not stay frozen');
  }

  /** Let the secondary catch up (a NOTIFY that came while frozen is not repeated: ask it). */
  thawSecondary() {
    sh(`${this.secondary} -b zone-thaw ${this.zone}`);
    sh(`${this.secondary} zone-refresh ${this.zone}`);
  }

  /** Drop what Unbound cached for the zone: stands in for the old records' TTL running out. */
  flushResolver() {
    sh(`${this.unbound} flush_zone ${this.zone}`);
  }

  /** Back to the zone file on both servers, and Unbound's cache of the zone flushed. */
  restore() {
    this.thawSecondary();
    sh(`${this.primary} -b zone-reload ${this.zone}`);
    sh(`${this.secondary} zone-refresh ${this.zone}`);
    for (let i = 0; i < 100; i++) {
      const p = sh(`kdig @127.0.0.11 ${this.zone} SOA +short +timeout=1 +retry=0`).trim();
      const s = sh(`kdig @127.0.0.12 ${this.zone} SOA +short +timeout=1 +retry=0`).trim();
      if (p && p === s) break;
      execFileSync('sleep', ['0.1']);
    }
    sh(`${this.unbound} flush_zone ${this.zone}`);
  }
}
