import { useRef, useState } from 'react';
import { api } from '../../api/client';
import { unwrap, type ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useAction, type Action } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';

const LEGACY_COLUMNS =
  'numero; data (gg/mm/aaaa hh:mm); canale; richiedente; tipo_richiedente; ente; email; telefono; evento; luogo; dal; al; riferimenti; stato; note';
const STREET_COLUMNS = 'nome; codice; lat; lon';

/** The bad lines of a refused import, as the server named them. */
function LineErrors({ error }: { error: ApiError | null }) {
  const t = useT();
  const details = error?.details as
    { errors?: Array<{ line: number; message: string }> } | undefined;
  const errors = details?.errors ?? [];
  if (errors.length === 0) return null;
  return (
    <div className="mb-3" data-testid="import-errors">
      <h3 className="h6">{t('requestOps.imports.lineErrors')}</h3>
      <ul className="small text-danger mb-0">
        {errors.map((e) => (
          <li key={e.line}>{t('requestOps.imports.line', { line: e.line, message: e.message })}</li>
        ))}
      </ul>
    </div>
  );
}

function CsvButton({
  id,
  label,
  action,
  onText,
}: {
  id: string;
  label: string;
  action: Action;
  onText: (text: string) => Promise<void>;
}) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={ref}
        id={id}
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        disabled={action.pending}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          void action.run(async () => {
            try {
              await onText(await file.text());
            } finally {
              if (ref.current) ref.current.value = '';
            }
          });
        }}
      />
      <label
        htmlFor={id}
        className={`btn btn-outline-primary btn-icon mb-0${action.pending ? ' disabled' : ''}`}
      >
        <Icon name="it-upload" className="icon-primary" />
        <span>{label}</span>
      </label>
    </>
  );
}

/** Importazioni: the previous register of requests and the stradario, both from CSV. */
export function ImportsPage() {
  const t = useT();
  const { can } = usePermissions();
  const legacy = useAction();
  const streets = useAction();
  const [legacyDone, setLegacyDone] = useState<string | null>(null);
  const [streetsDone, setStreetsDone] = useState<string | null>(null);
  const count = useApi(
    (signal) => unwrap(api.GET('/api/streets', { signal, params: { query: {} } })),
    [],
  );

  return (
    <>
      <PageHeader title={t('requestOps.tabs.import')} />
      {can('request.process') ? (
        <Panel as="section" className="mb-4" aria-labelledby="legacy-title">
          <h2 id="legacy-title" className="h5">
            {t('requestOps.imports.legacyTitle')}
          </h2>
          <p>{t('requestOps.imports.legacyIntro')}</p>
          <p className="small">
            {t('requestOps.imports.columns')}: <code>{LEGACY_COLUMNS}</code>
          </p>
          <ErrorAlert error={legacy.error} onClose={legacy.clearError} />
          <LineErrors error={legacy.error} />
          {legacyDone ? (
            <Notice
              kind="success"
              onClose={() => setLegacyDone(null)}
              closeLabel={t('common.close')}
            >
              <p className="mb-0" data-testid="legacy-done">
                {legacyDone}
              </p>
            </Notice>
          ) : null}
          <CsvButton
            id="legacy-import"
            label={t('requestOps.imports.legacyButton')}
            action={legacy}
            onText={async (csv) => {
              setLegacyDone(null);
              const r = await unwrap(api.POST('/api/requests/import', { body: { csv } }));
              setLegacyDone(
                `${t('requestOps.imports.legacyDone', { count: r.imported })} ${r.numbers.join(', ')}`,
              );
            }}
          />
        </Panel>
      ) : null}
      <Panel as="section" aria-labelledby="streets-title">
        <h2 id="streets-title" className="h5">
          {t('requestOps.imports.streetsTitle')}
        </h2>
        <p>{t('requestOps.imports.streetsIntro')}</p>
        <p className="small">
          {t('requestOps.imports.columns')}: <code>{STREET_COLUMNS}</code>
        </p>
        {count.data ? (
          <p data-testid="streets-count">
            {t('requestOps.imports.streetsCount', { count: count.data.count })}
          </p>
        ) : null}
        <ErrorAlert error={streets.error} onClose={streets.clearError} />
        <LineErrors error={streets.error} />
        {streetsDone ? (
          <Notice
            kind="success"
            onClose={() => setStreetsDone(null)}
            closeLabel={t('common.close')}
          >
            <p className="mb-0">{streetsDone}</p>
          </Notice>
        ) : null}
        {can('settings.manage') ? (
          <CsvButton
            id="streets-import"
            label={t('requestOps.imports.streetsButton')}
            action={streets}
            onText={async (csv) => {
              setStreetsDone(null);
              const r = await unwrap(api.POST('/api/streets/import', { body: { csv } }));
              setStreetsDone(
                t('requestOps.imports.streetsDone', {
                  count: r.imported,
                  withCoords: r.withCoordinates,
                }),
              );
              count.reload();
            }}
          />
        ) : null}
      </Panel>
    </>
  );
}
