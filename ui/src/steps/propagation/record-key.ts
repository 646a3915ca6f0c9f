// The watch names a record by its key, `TXT _dmarc.example.com`: type, a space, the full name.

export function splitRecordKey(key: string): { type: string; name: string } {
  const space = key.indexOf(' ');
  return space < 0 ? { type: '', name: key } : { type: key.slice(0, space), name: key.slice(space + 1) };
}
