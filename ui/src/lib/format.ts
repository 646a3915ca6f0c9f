// Plain-language durations and dates for the later steps (ETAs, "last checked" times).

import { t } from '../i18n';

/** A rough duration for a person: "under a minute", "about 5 min", "about 2 h 10 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return t('watch.duration.seconds');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return t('watch.duration.minutes', { minutes });
  return t('watch.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** A Unix time (seconds) as a readable local date and time, e.g. "1 Dec 2026, 14:05". */
export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
