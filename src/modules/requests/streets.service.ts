import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import { streetKey } from './camera-match.js';
import { decimal, readCsvRows } from './csv-lines.js';
import type { RequestPlace } from './request-record.js';
import type { StreetRow, StreetsRepository } from './streets.repository.js';

export interface Street {
  key: string;
  name: string;
  code: string | null;
  lat: number | null;
  lon: number | null;
}

/** Columns of the stradario CSV, with the aliases the Comuni's exports use. */
export const STREET_CSV_COLUMNS = {
  known: {
    nome: ['via', 'denominazione', 'toponimo', 'name', 'street', 'odonimo'],
    codice: ['code', 'cod_via', 'codice_via', 'id'],
    lat: ['latitudine', 'latitude', 'y'],
    lon: ['longitudine', 'longitude', 'lng', 'x'],
  },
  required: ['nome'],
} as const;

const toStreet = (r: StreetRow): Street => ({
  key: r.key,
  name: r.name,
  code: r.code,
  lat: r.lat,
  lon: r.lon,
});

/**
 * The Comune's street register: imported from CSV, it places requests (a street's coordinates
 * when the message names no more) and suggests names in the form. Kept in memory: a city has
 * a few thousand streets.
 */
export class StreetsService {
  private cache: Map<string, Street> | null = null;

  constructor(
    private readonly d: { db: Db; repo: StreetsRepository; audit: AuditService; clock: Clock },
  ) {}

  private async byKey(): Promise<Map<string, Street>> {
    if (!this.cache) {
      this.cache = new Map((await this.d.repo.all()).map((r) => [r.key, toStreet(r)]));
    }
    return this.cache;
  }

  async count(): Promise<number> {
    return (await this.byKey()).size;
  }

  /** Streets whose name contains every word typed (accents and street type ignored). */
  async search(q: string, limit = 15): Promise<Street[]> {
    const words = streetKey(q).split(' ').filter(Boolean);
    if (words.length === 0) return [];
    const out: Street[] = [];
    for (const s of (await this.byKey()).values()) {
      if (words.every((w) => s.key.includes(w))) out.push(s);
    }
    const first = words[0] ?? '';
    return out
      .sort(
        (a, b) =>
          Number(!a.key.startsWith(first)) - Number(!b.key.startsWith(first)) ||
          a.name.localeCompare(b.name, 'it'),
      )
      .slice(0, limit);
  }

  async find(street: string): Promise<Street | null> {
    return (await this.byKey()).get(streetKey(street)) ?? null;
  }

  /**
   * A place with its street's coordinates from the register when it has none of its own; the
   * crossing of two streets with coordinates is taken at their midpoint.
   */
  async resolve<P extends Pick<RequestPlace, 'street' | 'crossStreet' | 'lat' | 'lon'>>(
    place: P,
  ): Promise<P> {
    if (place.lat !== null || !place.street) return place;
    const main = await this.find(place.street);
    if (!main || main.lat === null || main.lon === null) return place;
    const cross = place.crossStreet ? await this.find(place.crossStreet) : null;
    if (cross && cross.lat !== null && cross.lon !== null) {
      return { ...place, lat: (main.lat + cross.lat) / 2, lon: (main.lon + cross.lon) / 2 };
    }
    return { ...place, lat: main.lat, lon: main.lon };
  }

  /** Replaces the register from CSV text; all or nothing, every bad line named. */
  async importCsv(
    actor: AuditActor,
    text: string,
  ): Promise<{ imported: number; withCoordinates: number }> {
    const now = this.d.clock.now();
    const seen = new Map<string, number>();
    const rows = readCsvRows(text, STREET_CSV_COLUMNS, (get, line): StreetRow => {
      const name = get('nome').replace(/\s+/g, ' ');
      if (!name) throw new Error('nome della via mancante');
      if (name.length > 200) throw new Error('nome della via troppo lungo');
      const key = streetKey(name);
      if (!key) throw new Error(`nome della via "${name}" non valido`);
      const twin = seen.get(key);
      if (twin !== undefined) throw new Error(`via già presente alla riga ${twin}`);
      seen.set(key, line);
      const lat = decimal(get('lat'), 'latitudine');
      const lon = decimal(get('lon'), 'longitudine');
      if ((lat === null) !== (lon === null)) throw new Error('indicare latitudine e longitudine');
      if (lat !== null && (lat < -90 || lat > 90)) throw new Error('latitudine fuori intervallo');
      if (lon !== null && (lon < -180 || lon > 180))
        throw new Error('longitudine fuori intervallo');
      return { key, name, code: get('codice') || null, lat, lon, imported_at: now };
    }).map((r) => r.value);
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.replaceAll(rows, tx);
      await this.d.audit.record(tx, actor, {
        action: 'streets.import',
        objectType: 'streets',
        details: { imported: rows.length },
      });
    });
    this.cache = null;
    return { imported: rows.length, withCoordinates: rows.filter((r) => r.lat !== null).length };
  }
}
