import { describe, expect, it } from 'vitest';
import { extractWindow } from './time-window.js';

/** The window read from one text written at `sent` (Rome time, ISO with offset). */
function win(text: string, sent: string, margin = 10) {
  const ref = Date.parse(sent);
  const r = extractWindow(
    text,
    { refAt: () => ref, partAt: () => 0 },
    {
      singleTimeMarginMinutes: margin,
    },
  );
  return r.window && [r.window.from, r.window.to];
}

const MON = '2026-11-16T08:47:00+01:00'; // Monday 16 November 2026

describe('time window', () => {
  it('reads absolute dates and ranges in their usual forms', () => {
    expect(win('il giorno 14/11/2026 tra le ore 18:10 e le ore 18:40', MON)).toEqual([
      '2026-11-14T18:10:00+01:00',
      '2026-11-14T18:40:00+01:00',
    ]);
    expect(win('il 2 novembre dalle h 13.00 alle h 14.30', MON)).toEqual([
      '2026-11-02T13:00:00+01:00',
      '2026-11-02T14:30:00+01:00',
    ]);
    expect(win('del 23.11, fascia 07.50-08.20', '2026-11-24T10:00:00+01:00')).toEqual([
      '2026-11-23T07:50:00+01:00',
      '2026-11-23T08:20:00+01:00',
    ]);
  });

  it('makes a single time a window of ± the configured margin', () => {
    expect(win('sabato 14 novembre ore 18,20', MON)).toEqual([
      '2026-11-14T18:10:00+01:00',
      '2026-11-14T18:30:00+01:00',
    ]);
    expect(win('sabato 14 novembre ore 18,20', MON, 5)).toEqual([
      '2026-11-14T18:15:00+01:00',
      '2026-11-14T18:25:00+01:00',
    ]);
    expect(win('alle 10.40, con 15 minuti prima e dopo, il 12/11', MON)).toEqual([
      '2026-11-12T10:25:00+01:00',
      '2026-11-12T10:55:00+01:00',
    ]);
  });

  it('counts relative days from the message date', () => {
    expect(win('ieri pomeriggio verso le 17 hanno rigato le auto', MON)).toEqual([
      '2026-11-15T16:50:00+01:00',
      '2026-11-15T17:10:00+01:00',
    ]);
    expect(win('ieri pomeriggio verso le 5', MON)).toEqual([
      '2026-11-15T16:50:00+01:00',
      '2026-11-15T17:10:00+01:00',
    ]);
    expect(win('stamattina alle 7.20 circa', MON)).toEqual([
      '2026-11-16T07:10:00+01:00',
      '2026-11-16T07:30:00+01:00',
    ]);
    // venerdì scorso, no time: the whole day, flagged by a lower confidence
    expect(win('venerdì scorso in piazza', MON)).toEqual([
      '2026-11-13T00:00:00+01:00',
      '2026-11-14T00:00:00+01:00',
    ]);
    expect(win("l'altro ieri, tra le 14:00 e le 15:30", MON)).toEqual([
      '2026-11-14T14:00:00+01:00',
      '2026-11-14T15:30:00+01:00',
    ]);
  });

  it('reads nights and windows across midnight', () => {
    expect(
      win('nella notte tra sabato 7 e domenica 8 novembre, dalle 22 alle 6 del mattino', MON),
    ).toEqual(['2026-11-07T22:00:00+01:00', '2026-11-08T06:00:00+01:00']);
    expect(
      win('la notte tra il 15 e il 16 novembre 2026, dalle ore 23:30 alle ore 01:30', MON),
    ).toEqual(['2026-11-15T23:30:00+01:00', '2026-11-16T01:30:00+01:00']);
    expect(win('stanotte verso le 3', '2026-11-17T07:40:00+01:00')).toEqual([
      '2026-11-17T02:50:00+01:00',
      '2026-11-17T03:10:00+01:00',
    ]);
    expect(win('il 20/11/2026 dalle 23:40 alle 00:30', MON)).toEqual([
      '2026-11-20T23:40:00+01:00',
      '2026-11-21T00:30:00+01:00',
    ]);
    expect(win('nella serata del 6/11, dalle 21 alle 3', MON)).toEqual([
      '2026-11-06T21:00:00+01:00',
      '2026-11-07T03:00:00+01:00',
    ]);
    expect(win('sabato 11 luglio verso mezzanotte', '2026-07-13T09:00:00+02:00')).toEqual([
      '2026-07-11T23:50:00+02:00',
      '2026-07-12T00:10:00+02:00',
    ]);
    expect(
      win("dalle ore 20.00 del 7 novembre 2026 alle ore 02.00 dell'8 novembre 2026", MON),
    ).toEqual(['2026-11-07T20:00:00+01:00', '2026-11-08T02:00:00+01:00']);
  });

  it('reads "alle 5" in the afternoon, and the shorter of the possible ranges', () => {
    expect(win('il 12/11 dalle 3 alle 5 del pomeriggio', MON)).toEqual([
      '2026-11-12T15:00:00+01:00',
      '2026-11-12T17:00:00+01:00',
    ]);
    expect(win('il 12/11 dalle 11 alle 1', MON)).toEqual([
      '2026-11-12T11:00:00+01:00',
      '2026-11-12T13:00:00+01:00',
    ]);
  });

  it('reads hours written in words and "all\'una"', () => {
    expect(win("sabato mattina verso le undici mi hanno graffiato l'auto", MON)).toEqual([
      '2026-11-14T10:50:00+01:00',
      '2026-11-14T11:10:00+01:00',
    ]);
    expect(win("stanotte verso l'una hanno imbrattato il portone", MON)).toEqual([
      '2026-11-16T00:50:00+01:00',
      '2026-11-16T01:10:00+01:00',
    ]);
    expect(win('lunedì 9 novembre verso le 19 e 45', MON)).toEqual([
      '2026-11-09T19:35:00+01:00',
      '2026-11-09T19:55:00+01:00',
    ]);
    expect(win('ieri alle due ragazze è stato rubato il telefono', MON)).toEqual([
      '2026-11-15T00:00:00+01:00',
      '2026-11-16T00:00:00+01:00',
    ]);
  });

  it('is correct across the end of summer time (last Sunday of October)', () => {
    const sent = '2026-10-27T15:10:00+01:00';
    expect(
      win('nella notte tra sabato 24 e domenica 25 ottobre 2026, dalle 23.00 alle 04.00', sent),
    ).toEqual(['2026-10-24T23:00:00+02:00', '2026-10-25T04:00:00+01:00']);
    // the repeated hour: the window covers both 02:30-02:50
    expect(win('domenica 25 ottobre dalle 2.30 alle 2.50', sent)).toEqual([
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:50:00+01:00',
    ]);
    expect(win('domenica 29 marzo 2026 dalle 1.30 alle 3.30', '2026-03-30T08:30:00+02:00')).toEqual(
      ['2026-03-29T01:30:00+01:00', '2026-03-29T03:30:00+02:00'],
    );
  });

  it('takes the date closest before the time, not a report or letterhead date', () => {
    expect(
      win(
        'verbale n. 2301/2026 redatto in data 25/11/2026, sinistro avvenuto il 24/11/2026 alle ore 12.40',
        MON,
      ),
    ).toEqual(['2026-11-24T12:30:00+01:00', '2026-11-24T12:50:00+01:00']);
  });

  it('places a time without a day on the latest such time before the message', () => {
    expect(win('alle 14.20 un pedone è stato urtato', '2026-11-27T16:00:00+01:00')).toEqual([
      '2026-11-27T14:10:00+01:00',
      '2026-11-27T14:30:00+01:00',
    ]);
    expect(win('alle 18.20 un pedone è stato urtato', '2026-11-27T16:00:00+01:00')).toEqual([
      '2026-11-26T18:10:00+01:00',
      '2026-11-26T18:30:00+01:00',
    ]);
  });

  it('finds nothing when no day or time is given, and ignores numbers that are not times', () => {
    expect(win('le aveva lasciate lì nei giorni scorsi', MON)).toBeNull();
    expect(win('tel. 0522 456789, 3 telecamere, 24 ore su 24', MON)).toBeNull();
  });
});
