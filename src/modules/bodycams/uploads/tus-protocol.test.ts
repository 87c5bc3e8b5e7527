import { describe, expect, it } from 'vitest';
import {
  declaration,
  formatMetadata,
  parseChecksum,
  parseMetadata,
  parseNonNegative,
} from './tus-protocol.js';

describe('tus header grammar', () => {
  it('reads Upload-Offset / Upload-Length as non-negative integers only', () => {
    expect(parseNonNegative('0')).toBe(0);
    expect(parseNonNegative('1048576')).toBe(1048576);
    for (const bad of [undefined, '', '-1', '1.5', '1e3', 'abc', '99999999999999999'])
      expect(parseNonNegative(bad)).toBeNull();
  });

  it('round-trips Upload-Metadata and refuses malformed pairs', () => {
    const h = formatMetadata({ filename: 'VID_0001.MP4', serial: 'BC-0042', note: 'àè' });
    expect(Object.fromEntries(parseMetadata(h) ?? [])).toEqual({
      filename: 'VID_0001.MP4',
      serial: 'BC-0042',
      note: 'àè',
    });
    expect(Object.fromEntries(parseMetadata('is_confidential') ?? [])).toEqual({
      is_confidential: '',
    });
    expect(parseMetadata('a Zm9v,a YmFy')).toBeNull(); // duplicate key
    expect(parseMetadata('a Zm9v x')).toBeNull();
    expect(parseMetadata('a Zm9*')).toBeNull();
  });

  it('reads Upload-Checksum', () => {
    const c = parseChecksum('sha256 ' + Buffer.alloc(32, 1).toString('base64'));
    expect(c?.algorithm).toBe('sha256');
    expect(c?.digest.length).toBe(32);
    expect(parseChecksum('sha256')).toBeNull();
  });

  it('needs a bare file name and a folder-safe serial', () => {
    const meta = (m: Record<string, string>) => new Map(Object.entries(m));
    expect(declaration(meta({ filename: 'A.mp4', serial: 'BC-1' }))).toEqual({
      fileName: 'A.mp4',
      serial: 'BC-1',
    });
    expect(declaration(meta({ serial: 'BC-1' }))).toHaveProperty('problem');
    expect(declaration(meta({ filename: 'A.mp4' }))).toHaveProperty('problem');
    expect(declaration(meta({ filename: '../A.mp4', serial: 'BC-1' }))).toHaveProperty('problem');
    expect(declaration(meta({ filename: 'A.mp4', serial: '../x' }))).toHaveProperty('problem');
  });
});
