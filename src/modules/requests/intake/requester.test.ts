import { describe, expect, it } from 'vitest';
import { extractRequester } from './requester.js';

const OPTS = { ownDomains: ['comune.reggioemilia.it'], ownCity: 'Reggio Emilia' };
const who = (name: string | null, address: string | null, text: string) =>
  extractRequester({ from: { name, address }, text, body: text, subject: '' }, OPTS).requester;

describe('requester', () => {
  it('reads rank, name, badge, unit and phone from the sender and the signature', () => {
    expect(
      who(
        'Ag. Marco Bellini',
        'marco.bellini@comune.reggioemilia.it',
        'chiedo le immagini.\n\nGrazie,\nAg. Marco Bellini\nMatricola 418 - Reparto Pronto Intervento\nPolizia Locale di Reggio Emilia\nTel. 0522 400000\n',
      ),
    ).toEqual({
      name: 'Marco Bellini',
      email: 'marco.bellini@comune.reggioemilia.it',
      rank: 'Ag.',
      badge: '418',
      unit: 'Reparto Pronto Intervento',
      phone: '0522 400000',
      type: 'officer',
    });
    expect(
      who(
        'Stazione Carabinieri Reggio Emilia Principale',
        'tre12345@pec.carabinieri.it',
        'Il Comandante della Stazione\nLgt. C.S. Antonio Russo',
      ),
    ).toMatchObject({
      name: 'Antonio Russo',
      rank: 'Lgt. C.S.',
      unit: 'Stazione Carabinieri Reggio Emilia Principale',
      type: 'other_force',
    });
  });

  it('classifies by domain first', () => {
    expect(who('Procura', 'prot.procura.reggioemilia@giustizia.it', 'delega').type).toBe(
      'judicial_authority',
    );
    expect(who('Procura', 'prot.procura.reggioemilia@giustiziacert.it', '').type).toBe(
      'judicial_authority',
    );
    expect(who('Squadra Mobile', 'sm@poliziadistato.it', '').type).toBe('other_force');
    expect(who('Tenenza', 're1230000p@gdf.it', '').type).toBe('other_force');
    expect(who('Avv. Ligabue', 'marco.ligabue@pec.ordineavvocatireggioemilia.it', '').type).toBe(
      'lawyer',
    );
    // an own officer mentioning the Procura's delegation is still an officer
    expect(
      who(
        'Isp. Sup. Roberta Spaggiari',
        'r.spaggiari@comune.reggioemilia.it',
        'a seguito di delega della Procura della Repubblica',
      ).type,
    ).toBe('officer');
  });

  it('tells a partner corps from the own corps', () => {
    expect(
      who(
        'Polizia Locale Unione Tresinaro Secchia',
        'polizialocale@tresinarosecchia.it',
        'Grazie\nSovr. Paolo Ferrari\nPolizia Locale Unione Tresinaro Secchia',
      ).type,
    ).toBe('other_force');
    expect(who('Comando', 'pl@pec.comune.parma.it', 'Saluti\nPolizia Locale di Parma').type).toBe(
      'other_force',
    );
    expect(
      who(
        'Mario Rossi',
        'mario.rossi@gmail.com',
        'Saluti\nAg. Mario Rossi\nPolizia Locale di Reggio Emilia',
      ).type,
    ).toBe('officer');
  });

  it('reads lawyers and citizens from the text when the domain says nothing', () => {
    expect(
      who('Avv. Giulia Ferrari', 'studio@ferrarilegale.it', 'Distinti saluti\nAvv. Giulia Ferrari')
        .type,
    ).toBe('lawyer');
    expect(
      who('Marco Bianchi', 'mb@gmail.com', "ai sensi dell'art. 391-quater c.p.p. chiedo").type,
    ).toBe('lawyer');
    // a citizen who mentions the Carabinieri in the body is still a citizen
    expect(
      who(
        'Francesca Rinaldi',
        'fra@gmail.com',
        'Ho fatto denuncia ai Carabinieri. Chiedo ai sensi della L. 241/1990.\n\nGrazie mille\nFrancesca Rinaldi',
      ).type,
    ).toBe('citizen');
  });
});
