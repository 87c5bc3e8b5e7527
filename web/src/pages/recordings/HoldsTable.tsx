import { Badge, Button } from 'design-react-kit';
import { formatClock } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import type { Hold } from './recordingsApi';

const STATE_COLORS: Record<Hold['state'], string> = {
  active: 'warning',
  released: 'secondary',
  expired: 'secondary',
};

const clock = (iso: string | null) => (iso ? formatClock(Date.parse(iso)) : '');

interface HoldsTableProps {
  holds: readonly Hold[];
  busy: boolean;
  onRelease: (hold: Hold) => void;
}

export function HoldsTable({ holds, busy, onRelease }: HoldsTableProps) {
  const t = useT();
  return (
    <div className="table-responsive">
      <table className="table table-hover align-top" data-testid="holds-table">
        <caption className="visually-hidden">{t('holds.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('holds.cameras')}</th>
            <th scope="col">{t('holds.window')}</th>
            <th scope="col">{t('holds.reason')}</th>
            <th scope="col">{t('holds.caseRef')}</th>
            <th scope="col">{t('holds.placedBy')}</th>
            <th scope="col">{t('holds.expiresAt')}</th>
            <th scope="col">{t('holds.state')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((hold) => (
            <tr key={hold.id} data-hold-id={hold.id} data-state={hold.state}>
              <td>
                <ul className="list-inline mb-0 vd-hold-cameras">
                  {hold.cameras.map((camera) => (
                    <li key={camera.id} className="list-inline-item">
                      <span title={camera.name ?? undefined}>
                        <strong>{camera.code ?? camera.id}</strong>
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="text-nowrap small">
                {t('holds.from')} {clock(hold.from)}
                <br />
                {t('holds.to')} {clock(hold.to)}
              </td>
              <td className="text-break">{hold.reason}</td>
              <td className="text-nowrap">{hold.caseRef ?? t('common.none')}</td>
              <td className="small">
                {hold.placedBy}
                <br />
                <span className="text-nowrap">{clock(hold.placedAt)}</span>
              </td>
              <td className="small text-nowrap">
                {hold.expiresAt ? clock(hold.expiresAt) : t('holds.noExpiry')}
              </td>
              <td className="small">
                <Badge color={STATE_COLORS[hold.state]}>{t(`holds.states.${hold.state}`)}</Badge>
                {hold.releasedAt ? (
                  <span className="d-block mt-1">
                    {t('holds.releasedBy', {
                      user: hold.releasedBy ?? '',
                      at: clock(hold.releasedAt),
                    })}
                    {hold.releaseReason ? (
                      <span className="d-block fst-italic text-break">{hold.releaseReason}</span>
                    ) : null}
                  </span>
                ) : null}
              </td>
              <td>
                {hold.state === 'active' ? (
                  <Button
                    color="danger"
                    outline
                    size="xs"
                    className="text-nowrap"
                    disabled={busy}
                    onClick={() => onRelease(hold)}
                  >
                    {t('holds.release')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
