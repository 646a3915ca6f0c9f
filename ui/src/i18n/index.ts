// t(): looks a message up in the active catalog and fills its `{placeholders}`.
// Keys and their placeholders are checked at compile time against the English catalog.

import type { IpcError } from '../ipc';
import { isKnownErrorCode } from '../ipc';
import { en, type Catalog, type MessageKey } from './en';

export { en, type Catalog, type MessageKey } from './en';

/** The `{name}` placeholders of one message, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

type ParamsFor<K extends MessageKey> = Record<Placeholders<(typeof en)[K]>, string | number>;

/** Arguments after the key: none for a plain message, a params object when it has placeholders. */
type ParamArgs<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: ParamsFor<K>];

/** Keys whose message has no placeholders: usable as plain labels, e.g. in data tables. */
export type PlainMessageKey = {
  [K in MessageKey]: [Placeholders<(typeof en)[K]>] extends [never] ? K : never;
}[MessageKey];

// Only English exists today; a locale switcher would replace this reference.
const active: Catalog = en;

export function t<K extends MessageKey>(key: K, ...args: ParamArgs<K>): string {
  const template = active[key];
  const params = args[0] as Record<string, string | number> | undefined;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The plain message and next step for an error, chosen by its code (never by its text). */
export function errorText(error: Pick<IpcError, 'code' | 'message'>): {
  message: string;
  next: string;
} {
  if (isKnownErrorCode(error.code)) {
    return {
      message: t(`error.${error.code}`),
      next: t(`error.${error.code}.next`),
    };
  }
  return { message: t('error.unknown', { message: error.message }), next: t('error.unknown.next') };
}

/** One piece of a message: literal text, or a filled placeholder the markup may style. */
export type MessagePart = { text: string; param: string | null };

/**
 * Like t(), but returns the message in pieces so a component can wrap placeholder values in
 * markup (e.g. a domain in <code>) without splitting the sentence across catalog keys.
 */
export function tParts<K extends MessageKey>(key: K, ...args: ParamArgs<K>): MessagePart[] {
  const template = active[key];
  const params = (args[0] ?? {}) as Record<string, string | number>;
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] ?? '';
    const index = match.index ?? 0;
    if (!Object.prototype.hasOwnProperty.call(params, name)) continue;
    if (index > last) parts.push({ text: template.slice(last, index), param: null });
    parts.push({ text: String(params[name]), param: name });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last), param: null });
  return parts;
}
