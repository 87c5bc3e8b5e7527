import { decodeEntities } from './html-text.js';
import type { PecData } from './parsed-request.schema.js';

// daticert.xml is a small, fixed document (DPR 68/2005, DM 2 novembre 2005): reading its few
// elements with patterns avoids an XML library and never resolves entities or DTDs.

function element(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, 'i').exec(xml);
  return m ? decodeEntities(m[1]!.trim()) : null;
}

function attribute(xml: string, el: string, attr: string): string | null {
  const m = new RegExp(`<${el}\\b[^>]*\\b${attr}\\s*=\\s*"([^"]*)"`, 'i').exec(xml);
  return m ? decodeEntities(m[1]!) : null;
}

/** Turns <data zona="+0100"><giorno>19/11/2026</giorno><ora>11:20:03</ora></data> into ISO. */
function certDate(xml: string): string | null {
  const block = /<data\b[^>]*>[\s\S]*?<\/data\s*>/i.exec(xml)?.[0];
  if (!block) return null;
  const day = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(element(block, 'giorno') ?? '');
  const time = /(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(element(block, 'ora') ?? '');
  if (!day || !time) return null;
  const zone = /^([+-])(\d{2}):?(\d{2})$/.exec(attribute(block, 'data', 'zona') ?? '');
  const p = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  const offset = zone ? `${zone[1]}${zone[2]}:${zone[3]}` : 'Z';
  return `${day[3]}-${p(day[2])}-${p(day[1])}T${p(time[1])}:${time[2]}:${p(time[3])}${offset}`;
}

/** Reads the certification data of a PEC envelope; null when the document is not a daticert. */
export function parseDatiCert(xml: string): PecData | null {
  if (!/<postacert\b/i.test(xml)) return null;
  const recipients = [...xml.matchAll(/<destinatari\b[^>]*>([\s\S]*?)<\/destinatari\s*>/gi)].map(
    (m) => decodeEntities(m[1]!.trim()),
  );
  const msgId = element(xml, 'msgid');
  return {
    type: attribute(xml, 'postacert', 'tipo') ?? 'posta-certificata',
    error: attribute(xml, 'postacert', 'errore'),
    sender: element(xml, 'mittente'),
    recipients,
    subject: element(xml, 'oggetto'),
    provider: element(xml, 'gestore-emittente'),
    identifier: element(xml, 'identificativo'),
    msgId: msgId ? msgId.replace(/^<|>$/g, '') : null,
    date: certDate(xml),
  };
}
