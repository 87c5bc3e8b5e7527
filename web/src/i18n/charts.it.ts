/** Italian strings of the SVG charts (descriptions read by screen readers, legends). */
export const chartsIt = {
  noData: 'Nessun dato nel periodo.',
  item: '{label}: {value}',
  share: '{label}: {value} ({percent}%)',
  total: 'Totale: {value}',
  described: '{title}. {items}.',
  monthValue: '{month}: {current} ({previous} nel {previousYear})',
  legend: 'Legenda',
  met: 'Obiettivo raggiunto',
  notMet: 'Obiettivo non raggiunto',
  noTarget: 'Senza obiettivo',
  notMeasured: 'Nulla da misurare nel periodo',
  target: 'Obiettivo: {target}',
  tile: '{label}: {value}. {target}. {state}.',
};
