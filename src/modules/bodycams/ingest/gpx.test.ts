import { describe, expect, it } from 'vitest';
import { parseGpx } from './gpx.js';

describe('parseGpx', () => {
  it('reads track points with and without time, skipping bad ones', () => {
    const xml = `<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
  <trkpt lat="44.6983" lon="10.6312"><ele>58</ele><time>2026-11-23T07:10:00Z</time></trkpt>
  <trkpt lon='10.6313' lat='44.6984'><time>2026-11-23T07:10:05Z</time></trkpt>
  <trkpt lat="44.6985" lon="10.6314"/>
  <trkpt lat="144.0" lon="10.0"><time>2026-11-23T07:10:09Z</time></trkpt>
</trkseg></trk></gpx>`;
    expect(parseGpx(xml)).toEqual([
      { lat: 44.6983, lon: 10.6312, t: Date.UTC(2026, 10, 23, 7, 10, 0) },
      { lat: 44.6984, lon: 10.6313, t: Date.UTC(2026, 10, 23, 7, 10, 5) },
      { lat: 44.6985, lon: 10.6314, t: null },
    ]);
    expect(parseGpx('not xml')).toEqual([]);
  });
});
