// Calendar days from the core (`YYYY-MM-DD`, UTC) in words for the person, in the catalog's language.

/** The language of the active catalog (only English exists today). */
const LOCALE = 'en';

const format = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: 'UTC' });

/** "December 1, 2026" for "2026-12-01"; the text itself when it is not such a date. */
export function formatDay(iso: string): string {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(ms) ? iso : format.format(ms);
}
