/** Italian strings of the printable registers (registro delle estrazioni e degli accessi). */
export const registersIt = {
  title: 'Registri stampabili',
  intro:
    'Il registro delle estrazioni elenca ogni acquisizione del periodo; il registro degli accessi ogni visione e scaricamento di reperti e ogni riproduzione di registrazioni. Ogni stampa è annotata nel registro di controllo.',
  from: 'Dal giorno',
  to: 'Al giorno (compreso)',
  extractions: 'Registro delle estrazioni',
  viewings: 'Registro degli accessi',
  pdf: 'PDF',
  csv: 'CSV',
  viewingsRestricted:
    'Il registro degli accessi è riservato a chi consulta il registro di controllo (comandante, referente privacy).',
  badPeriod: 'Indicare un periodo valido: il primo giorno non può seguire l’ultimo.',
  downloading: 'Preparazione del registro…',
  pendingTitle: 'Acquisizioni non ancora registrate',
  pendingIntro:
    'Esportazioni in corso o in coda, e quelle non riuscite con il motivo: un’acquisizione non riuscita mantiene il blocco sulle immagini e si può ritentare.',
};
