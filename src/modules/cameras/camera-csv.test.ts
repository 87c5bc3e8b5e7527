import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../platform/errors.js';
import { camerasFromCsv } from './camera-csv.js';

describe('camerasFromCsv', () => {
  it('reads an Italian spreadsheet export (semicolons, decimal commas, BOM, quotes)', () => {
    const csv =
      '\uFEFFcode;name;address;latitude;longitude;main_url;purpose;retention_days;retention_reason;enabled\r\n' +
      'cam-001;"Piazza Prampolini; lato Duomo";Piazza Prampolini;44,6976;10,6312;rtsp://u:p@10.0.0.1/s;sicurezza_urbana;3;;sì\r\n' +
      '\r\n' +
      'CAM-002;Viale Piave;Viale Piave 3;;;rtsp://10.0.0.2/s;viabilita;7;Incroci ad alta incidentalità;0\r\n';
    const rows = camerasFromCsv(csv, 7);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.input).toMatchObject({
      code: 'CAM-001',
      name: 'Piazza Prampolini; lato Duomo',
      latitude: 44.6976,
      longitude: 10.6312,
      mainUrl: 'rtsp://u:p@10.0.0.1/s',
      retentionDays: 3,
      enabled: true,
    });
    expect(rows[1]).toMatchObject({ line: 4, input: { code: 'CAM-002', enabled: false } });
  });

  it.each([
    ['', 'vuoto'],
    ['code,name\r\nX1,Y\r\n', 'manca la colonna main_url'],
    ['code,name,main_url,colour\r\n', 'colonne sconosciute: colour'],
    ['code,name,main_url\r\n', 'non contiene telecamere'],
    [
      'code,name,main_url\r\nCAM-1,A,rtsp://h/s\r\nCAM-1,B,rtsp://h/t\r\n',
      'riga 3: codice CAM-1 ripetuto',
    ],
    [
      'code,name,main_url,retention_days\r\nCAM-1,A,rtsp://h/s,30\r\n',
      'riga 2: conservazione oltre',
    ],
    ['code,name,main_url,latitude\r\nCAM-1,A,rtsp://h/s,north\r\n', 'riga 2: latitude'],
    ['code,name,main_url\r\nCAM-1,"A,rtsp://h/s\r\n', 'virgolette non chiuse'],
  ])('refuses bad input %#', (csv, message) => {
    expect(() => camerasFromCsv(csv, 7)).toThrow(ValidationFailed);
    expect(() => camerasFromCsv(csv, 7)).toThrow(message);
  });
});
