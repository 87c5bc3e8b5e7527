import { describe, expect, it } from 'vitest';
import type { Clip } from './bodycamsApi';
import { sameEvent } from './ClipExportPanel';

const clip = (id: string, serial: string, officerId: string | null, at: string, deleted = false) =>
  ({
    id,
    serial,
    officerId,
    recordedStart: at,
    deletedAt: deleted ? '2026-11-24T00:00:00.000Z' : null,
  }) as unknown as Clip;

describe('sameEvent', () => {
  it('offers clips of the same bodycam or officer within 12 hours, never the clip itself or deleted ones', () => {
    const viewed = clip('a', 'BC-1', 'u1', '2026-11-23T10:00:00.000Z');
    const all = [
      viewed,
      clip('b', 'BC-1', null, '2026-11-23T21:59:00.000Z'), // same device, 11 h 59 min later
      clip('c', 'BC-2', 'u1', '2026-11-23T00:00:00.000Z'), // same officer, 10 h before
      clip('d', 'BC-2', 'u2', '2026-11-23T10:05:00.000Z'), // another officer and device
      clip('e', 'BC-1', 'u1', '2026-11-24T10:00:00.000Z'), // a day later
      clip('f', 'BC-1', 'u1', '2026-11-23T10:01:00.000Z', true), // deleted
    ];
    expect(sameEvent(viewed, all).map((c) => c.id)).toEqual(['b', 'c']);
  });

  it('does not match two clips whose officer is unknown on that ground alone', () => {
    const viewed = clip('a', 'BC-1', null, '2026-11-23T10:00:00.000Z');
    expect(
      sameEvent(viewed, [viewed, clip('b', 'BC-9', null, '2026-11-23T10:01:00.000Z')]),
    ).toEqual([]);
  });
});
