interface Stat {
  key: string;
  label: string;
  value: string;
}

/** Label–value pairs of a dashboard section, as a definition list (also in print). */
export function StatList({ stats, testId }: { stats: readonly Stat[]; testId?: string }) {
  return (
    <dl className="vd-stats" data-testid={testId}>
      {stats.map((stat) => (
        <div key={stat.key} className="vd-stat" data-key={stat.key} data-value={stat.value}>
          <dt>{stat.label}</dt>
          <dd>{stat.value}</dd>
        </div>
      ))}
    </dl>
  );
}
