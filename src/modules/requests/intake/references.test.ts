import { describe, expect, it } from 'vitest';
import { findReferences } from './references.js';

const refs = (t: string) => findReferences(t).map((r) => `${r.kind} ${r.number}`);

describe('reference numbers', () => {
  it('reads each kind with its cue', () => {
    expect(refs('Verbale di sinistro n. 2231/2026.')).toEqual(['verbale 2231/2026']);
    expect(refs('Rilievo n. 2240/2026')).toEqual(['verbale 2240/2026']);
    expect(refs('ha già sporto denuncia (n. 5512/2026).')).toEqual(['denuncia 5512/2026']);
    expect(refs('Querela n. 3390/2026')).toEqual(['denuncia 3390/2026']);
    expect(refs('prot. n. 78812')).toEqual(['protocollo 78812']);
    expect(refs('Prot. Gen. n. 0231456/2026')).toEqual(['protocollo 0231456/2026']);
    expect(refs('proc. pen. n. 4471/2026 RGNR')).toEqual(['rgnr 4471/2026']);
    expect(refs('N. 6800/2026 R.G.N.R. Mod. 21')).toEqual(['rgnr 6800/2026']);
    expect(refs('RGNR n. 512/2026')).toEqual(['rgnr 512/2026']);
  });

  it('reads the forms officers and Carabinieri write', () => {
    expect(refs('N. 245/3-1 di prot.')).toEqual(['protocollo 245/3-1']);
    expect(refs('aggiungo il numero di protocollo: 245001/2026.')).toEqual([
      'protocollo 245001/2026',
    ]);
    expect(refs('Verbale 2299/2026.')).toEqual(['verbale 2299/2026']);
    expect(refs('Verbale di sinistro n. 2240/B/2026.')).toEqual(['verbale 2240/B/2026']);
    expect(refs('La denuncia-querela è stata presentata il 20/11/2026 (n. 9102/2026).')).toEqual([
      'denuncia 9102/2026',
    ]);
  });

  it('ignores laws, articles, dates and reports the same number once', () => {
    expect(
      refs("ai sensi della L. 241/1990 e dell'art. 391-quater c.p.p. (D.Lgs. 196/2003)"),
    ).toEqual([]);
    expect(refs('verbale redatto il 14/11/2026')).toEqual([]);
    expect(refs('proc. pen. n. 4471/2026 R.G.N.R.; procedimento penale n. 4471/2026')).toEqual([
      'rgnr 4471/2026',
    ]);
  });
});
