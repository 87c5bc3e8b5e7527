import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import './charts.css';

interface ChartFrameProps {
  title: string;
  note?: string;
  testId?: string;
  /** No data: the frame says so instead of drawing an empty chart. */
  empty?: boolean;
  children: ReactNode;
}

/** A chart as a figure with a visible caption; "no data" replaces an empty drawing. */
export function ChartFrame({ title, note, testId, empty, children }: ChartFrameProps) {
  const t = useT();
  return (
    <figure className="vd-chart" data-testid={testId}>
      <figcaption className="vd-chart-title">{title}</figcaption>
      {empty ? <p className="text-secondary small mb-0">{t('charts.noData')}</p> : children}
      {note ? <p className="vd-chart-note small text-secondary mb-0 mt-1">{note}</p> : null}
    </figure>
  );
}
