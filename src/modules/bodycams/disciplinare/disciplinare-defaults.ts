import type { DisciplinareRules } from './disciplinare.schemas.js';

/**
 * The version written on first start, to be approved by the council (status "da approvare"):
 * values from the disciplinari of Modena and Trani and the Garante's 2021 opinions.
 */
export const DEFAULT_DISCIPLINARE: { title: string; notes: string; rules: DisciplinareRules } = {
  title: 'Disciplinare per l’uso delle telecamere indossabili (bozza predefinita)',
  notes:
    'Versione predefinita creata da Vedetta: da sostituire o approvare con l’atto del Consiglio comunale.',
  rules: {
    activationReasons: [
      'Situazione di pericolo per l’operatore o per terzi',
      'Atteggiamento aggressivo o minaccioso',
      'Flagranza di reato',
      'Controllo su strada con rischio di contestazione',
      'Trattamento sanitario obbligatorio',
      'Richiesta dell’interessato',
    ],
    categories: [
      {
        code: 'nessun_rilievo',
        label: 'Nessun rilievo',
        retentionHours: 7 * 24,
        legalHold: false,
        viewRoles: ['officer', 'commander'],
      },
      {
        code: 'rilevante',
        label: 'Rilevante',
        retentionHours: 183 * 24,
        legalHold: false,
        viewRoles: ['officer', 'commander'],
      },
      {
        code: 'acquisita_prova',
        label: 'Acquisita come prova',
        retentionHours: null,
        legalHold: true,
        viewRoles: ['commander'],
      },
    ],
    categorizeWithinHours: 48,
    reminderHoursBefore: [24, 4],
    preRecordAllowed: true,
    preRecordSeconds: 30,
    maxClipMinutes: 60,
    notUsableForAdministrativeOffences: true,
  },
};
