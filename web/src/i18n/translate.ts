import { en } from './en';
import { it } from './it';
import type { Lang, MessageKey, MessageParams, Messages } from './types';

export const catalogs: Record<Lang, Messages> = { it, en };

export const LANGS: readonly Lang[] = ['it', 'en'];

/** BCP 47 locale used for numbers and dates in each language. */
export const LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** True when `key` names a message (used for keys built from server values, e.g. role codes). */
export function isMessageKey(key: string): key is MessageKey {
  return lookup(it, key) !== undefined;
}

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = lookup(catalogs[lang], key) ?? lookup(it, key) ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}
