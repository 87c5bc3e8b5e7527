import { Link } from 'react-router-dom';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';

/** "Cerca le immagini": opens the event search pre-filled with a request's place and window. */
export function SearchFromRequestButton({ requestId }: { requestId: string }) {
  const t = useT();
  const { can } = usePermissions();
  if (!can('recording.playback')) return null;
  return (
    <Link
      className="btn btn-primary btn-icon"
      to={`/ricerca?${new URLSearchParams({ request: requestId }).toString()}`}
      data-testid="request-search"
    >
      <Icon name="it-search" className="icon-white icon-sm" />
      <span>{t('searchPage.searchFromRequest')}</span>
    </Link>
  );
}
