import { z } from 'zod';

type Issue = Parameters<z.core.$ZodErrorMap>[0];

/** zod's own Italian messages, for the issues the map below does not word itself. */
const zodItalian = z.locales.it().localeError;

const TYPES: Record<string, string> = {
  string: 'un testo',
  number: 'un numero',
  int: 'un numero intero',
  boolean: 'sì o no (vero/falso)',
  array: 'un elenco',
  object: 'un oggetto',
  date: 'una data',
  null: 'nessun valore',
};

const FORMATS: Record<string, string> = {
  email: 'Indirizzo di posta elettronica non valido',
  url: 'Indirizzo web (URL) non valido',
  uuid: 'Identificativo non valido',
  guid: 'Identificativo non valido',
  datetime: 'Data e ora non valide: attese in formato ISO 8601',
  date: 'Data non valida: attesa nel formato AAAA-MM-GG',
  time: 'Ora non valida: attesa nel formato HH:MM',
  ipv4: 'Indirizzo IPv4 non valido',
  ipv6: 'Indirizzo IPv6 non valido',
  cidrv4: 'Intervallo IPv4 non valido',
  cidrv6: 'Intervallo IPv6 non valido',
  regex: 'Formato non valido',
};

const quote = (v: unknown) => (typeof v === 'string' ? `«${v}»` : String(v));

function sized(origin: string, amount: number | bigint): string | undefined {
  const n = Number(amount);
  if (origin === 'string') return n === 1 ? '1 carattere' : `${n} caratteri`;
  if (origin === 'array' || origin === 'set') return n === 1 ? '1 elemento' : `${n} elementi`;
  if (origin === 'file') return `${n} byte`;
  return undefined;
}

function bound(origin: string, amount: number | bigint): string {
  if (origin === 'date') return new Date(Number(amount)).toISOString();
  return String(amount);
}

/**
 * Plain Italian for zod's default messages, the ones a schema does not word itself: they reach
 * the operator under a form's field (`validation_failed` details) and the CLI. A message given
 * in a schema (`z.string().min(1, '…')`) still wins: zod uses this map only where none is.
 */
export function italianIssueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || (issue.input === null && issue.expected !== 'null')) {
        return 'Campo obbligatorio';
      }
      if (issue.expected === 'int' && typeof issue.input === 'number') {
        return 'Atteso un numero intero';
      }
      const expected = TYPES[issue.expected];
      if (expected) return `Valore non valido: atteso ${expected}`;
      break;
    }
    case 'too_small': {
      const origin = String(issue.origin);
      if (origin === 'string' && Number(issue.minimum) === 1 && issue.inclusive !== false) {
        return 'Campo obbligatorio';
      }
      const size = sized(origin, issue.minimum);
      if (size) return issue.exact ? `Devono essere esattamente ${size}` : `Almeno ${size}`;
      const min = bound(origin, issue.minimum);
      return issue.inclusive === false ? `Deve essere maggiore di ${min}` : `Minimo ${min}`;
    }
    case 'too_big': {
      const origin = String(issue.origin);
      const size = sized(origin, issue.maximum);
      if (size) return issue.exact ? `Devono essere esattamente ${size}` : `Al massimo ${size}`;
      const max = bound(origin, issue.maximum);
      return issue.inclusive === false ? `Deve essere minore di ${max}` : `Massimo ${max}`;
    }
    case 'invalid_format': {
      const format = FORMATS[issue.format];
      if (format) return format;
      break;
    }
    case 'invalid_value':
      if (issue.values.length === 1) return `Valore non valido: atteso ${quote(issue.values[0])}`;
      return `Valore non consentito: ammessi ${issue.values.map(quote).join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `Campo non previsto: ${issue.keys[0]}`
        : `Campi non previsti: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `Deve essere un multiplo di ${issue.divisor}`;
    case 'invalid_union':
    case 'custom':
      return 'Valore non valido';
  }
  const fallback = zodItalian(issue);
  return (typeof fallback === 'string' ? fallback : fallback?.message) ?? 'Valore non valido';
}

/**
 * Sets zod's default messages to Italian, process-wide. Called by createCore, which every entry
 * (serve, CLI commands, integration and browser tests) goes through; calling it again is harmless.
 */
export function installItalianValidationMessages(): void {
  z.config({ localeError: italianIssueMessage });
}
