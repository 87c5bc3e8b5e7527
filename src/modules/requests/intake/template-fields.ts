import { findDateMentions } from './dates.js';
import type { Found, Place, Reference, Requester, TimeWindow } from './parsed-request.schema.js';
import { buildPlace } from './place-field.js';
import { findLandmark, findStreets, normalizeStreet, type StreetAliases } from './place.js';
import { findReferences } from './references.js';
import { referenceKindFromLabel, type TemplateFields } from './request-template.js';
import { extractRequester, type RequesterOptions } from './requester.js';
import { romeDateOf } from './rome-time.js';
import { assembleWindow, dayWindow, type WindowOptions } from './time-window.js';
import { findTimeMentions } from './times.js';

// The fields of a message that follows the published template, read label by label.

const spanOf = (v: { start: number; end: number }) => ({ start: v.start, end: v.end });

/** "Data:", "Dalle ore:", "Alle ore:". Full confidence when all three are readable. */
export function windowFromTemplate(
  t: TemplateFields,
  ref: number | null,
  opts: WindowOptions,
): Found<TimeWindow> | null {
  if (!t.date) return null;
  const refDay = ref === null ? null : romeDateOf(ref).date;
  const day = findDateMentions(t.date.value, () => refDay)[0];
  if (!day) return null;
  const from = t.from ? findTimeMentions(`alle ${t.from.value}`)[0]?.from : undefined;
  const to = t.to ? findTimeMentions(`alle ${t.to.value}`)[0]?.from : undefined;
  const spans = [t.date, t.from, t.to].filter((v) => !!v).map(spanOf);
  if (!from) return { value: dayWindow(day.date, day.night, day.period), confidence: 0.6, spans };
  const parts = { date: day.date, night: day.night, period: day.period, margin: null };
  return {
    value: assembleWindow({ ...parts, from, to: to ?? null }, opts),
    confidence: to ? 1 : 0.9,
    spans,
  };
}

/** "Luogo:" and "Incrocio con:". */
export function placeFromTemplate(t: TemplateFields, aliases: StreetAliases): Found<Place> | null {
  const v = t.place;
  if (!v) return null;
  const street = findStreets(v.value, aliases)[0];
  const cross = t.cross
    ? (findStreets(t.cross.value, aliases)[0]?.street ?? normalizeStreet(t.cross.value, aliases))
    : null;
  const landmark = findLandmark(v.value)?.text ?? null;
  return {
    value: buildPlace(v.value, street?.street ?? null, street?.number ?? null, cross, landmark),
    confidence: street || landmark ? 1 : 0.5,
    spans: [v, t.cross].filter((x) => !!x).map(spanOf),
  };
}

/** "Riferimento (protocollo/verbale):", with or without a kind word before the number. */
export function referencesFromTemplate(t: TemplateFields): Found<Reference[]> | null {
  const v = t.reference;
  if (!v) return null;
  const found: Reference[] = findReferences(v.value).map((r) => ({
    kind: r.kind,
    number: r.number,
  }));
  const bare = /^(?:n\.?\s*)?([A-Z]{0,4}\d[\d./-]*\d|\d)$/i.exec(v.value);
  if (!found.length && bare)
    found.push({ kind: referenceKindFromLabel(v.value), number: bare[1]! });
  return { value: found, confidence: found.length ? 1 : 0, spans: [spanOf(v)] };
}

/** "Richiedente:", "Qualifica:", "Matricola:", "Reparto/Ente:", "Telefono:" over the signature. */
export function requesterFromTemplate(
  t: TemplateFields,
  requester: Requester,
  opts: RequesterOptions,
): Found<Requester> {
  const out = { ...requester };
  const spans = [t.name, t.rank, t.badge, t.unit, t.phone].filter((v) => !!v).map(spanOf);
  if (t.name) {
    // "Richiedente: Isp. Luca Manfredi, matricola 233, Nucleo Polizia Giudiziaria"
    const inner = extractRequester(
      { from: null, text: t.name.value, body: '', subject: '' },
      opts,
    ).requester;
    out.name = inner.name ?? t.name.value.split(',')[0]!.trim();
    out.rank = inner.rank ?? out.rank;
    out.badge = inner.badge ?? out.badge;
    out.unit = inner.unit ?? out.unit;
  }
  if (t.rank) out.rank = t.rank.value;
  if (t.badge) out.badge = t.badge.value;
  if (t.unit) out.unit = t.unit.value;
  if (t.phone) out.phone = t.phone.value;
  return { value: out, confidence: 1, spans };
}
