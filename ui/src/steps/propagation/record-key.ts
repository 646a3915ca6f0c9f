// The watch names a record by its key: type, a space, the full name (`TXT _dmarc.example.com`);
// an MX key also names its mail server (`MX example.com aspmx.l.google.com`), since one name
// holds several MX records. Shown as the name, and the mail server after an arrow.

export function splitRecordKey(key: string): { type: string; name: string } {
  const parts = key.split(' ');
  const [type = '', name = '', target] = parts;
  if (parts.length < 2) return { type: '', name: key };
  return { type, name: target ? `${name} → ${target}` : name };
}
