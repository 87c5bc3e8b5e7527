import type { Found, Place } from './parsed-request.schema.js';
import { findLandmark, findStreets, pairCrossroads, type StreetAliases } from './place.js';

/** A street right after these words is where someone lives or works, not where it happened. */
const PLACE_EXCLUDED =
  /(?:resident[ei]|residenza|domiciliat[oa]|domicilio|studio(?:\s+legale)?|sede(?:\s+legale)?|abitante|abit[oa]|c\/o|comando[^.\n]{0,40})(?:\s+(?:a|in)\s+[\p{L}' ]{2,30}?,)?\s*(?:in|a|al|alla|presso)?\s*,?\s*$/iu;

export function buildPlace(
  text: string,
  street: string | null,
  number: string | null,
  crossStreet: string | null,
  landmark: string | null,
): Place {
  return { text, street, number, crossStreet, landmark, lat: null, lon: null };
}

/**
 * The place of the event in free text: the first street named (with the one it crosses and
 * its house number), else a street in the subject, else a landmark.
 */
export function findPlace(
  work: string,
  subjects: string[],
  aliases: StreetAliases,
): Found<Place> | null {
  const streets = findStreets(work, aliases).filter(
    (s) => !PLACE_EXCLUDED.test(work.slice(Math.max(0, s.start - 60), s.start)),
  );
  const pair = pairCrossroads(work, streets)[0];
  const landmark = findLandmark(work);
  if (pair) {
    const end = pair.cross ? pair.cross.numberEnd : pair.main.numberEnd;
    const text = work.slice(pair.main.start, end).replace(/\s+/g, ' ');
    const { street, number } = pair.main;
    return {
      value: buildPlace(text, street, number, pair.cross?.street ?? null, landmark?.text ?? null),
      confidence: pair.cross || number ? 0.9 : 0.85,
      spans: [{ start: pair.main.start, end }],
    };
  }
  for (const subject of subjects) {
    const s = pairCrossroads(subject, findStreets(subject, aliases))[0];
    if (s) {
      const text = subject.slice(s.main.start, s.cross ? s.cross.end : s.main.end);
      const cross = s.cross?.street ?? null;
      return {
        value: buildPlace(text, s.main.street, s.main.number, cross, landmark?.text ?? null),
        confidence: 0.7,
        spans: [],
      };
    }
  }
  if (!landmark) return null;
  return {
    value: buildPlace(landmark.text, null, null, null, landmark.text),
    confidence: 0.5,
    spans: [{ start: landmark.start, end: landmark.end }],
  };
}
