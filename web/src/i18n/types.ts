import type { it } from './it';

/** Same tree as the Italian catalogue, with any string allowed at each leaf. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export type Messages = Widen<typeof it>;

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every dotted key of the catalogue, e.g. `'nav.requests'`. */
export type MessageKey = Leaves<Messages>;

export type MessageParams = Record<string, string | number>;

export type Lang = 'it' | 'en';

export type Translate = (key: MessageKey, params?: MessageParams) => string;
