import type { chartsIt } from './charts.it';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** English strings of the SVG charts. */
export const chartsEn: Widen<typeof chartsIt> = {
  noData: 'No data in the period.',
  item: '{label}: {value}',
  share: '{label}: {value} ({percent}%)',
  total: 'Total: {value}',
  described: '{title}. {items}.',
  monthValue: '{month}: {current} ({previous} in {previousYear})',
  legend: 'Legend',
  met: 'Target met',
  notMet: 'Target not met',
  noTarget: 'No target',
  notMeasured: 'Nothing to measure in the period',
  target: 'Target: {target}',
  tile: '{label}: {value}. {target}. {state}.',
};
