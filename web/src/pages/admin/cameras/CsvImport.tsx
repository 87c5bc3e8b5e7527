import { useRef } from 'react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import { Icon } from '../../../components/Icon';
import type { Action } from '../../../hooks/useAction';
import { useT } from '../../../i18n';
import type { CameraImportResult } from './types';

interface CsvImportProps {
  action: Action;
  onImported: (result: CameraImportResult) => void;
}

/**
 * "Importa CSV": a file input styled as a button. The text is sent as it is; the server
 * checks it all or nothing and names the offending line.
 */
export function CsvImport({ action, onImported }: CsvImportProps) {
  const t = useT();
  const inputRef = useRef<HTMLInputElement>(null);

  const onFile = (file: File | undefined) => {
    if (!file) return;
    void action.run(async () => {
      try {
        const csv = await file.text();
        onImported(await unwrap(api.POST('/api/cameras/import', { body: { csv } })));
      } finally {
        // The same file can be chosen again after it has been corrected.
        if (inputRef.current) inputRef.current.value = '';
      }
    });
  };

  return (
    <>
      <input
        ref={inputRef}
        id="cameras-import"
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        disabled={action.pending}
        onChange={(event) => onFile(event.target.files?.[0])}
      />
      <label
        htmlFor="cameras-import"
        className={`btn btn-outline-primary btn-icon mb-0${action.pending ? ' disabled' : ''}`}
        title={t('cameras.importHint')}
      >
        <Icon name="it-upload" className="icon-primary" />
        <span>{t('cameras.importCsv')}</span>
      </label>
    </>
  );
}
