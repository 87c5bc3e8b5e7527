import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import {
  assignCameraDpia,
  loadCameraDpias,
  type CameraDpiaRow,
  type ComplianceRecord,
} from './complianceApi';
import { RecordRefText } from './RecordRefText';

/** Cameras and the DPIA covering each: the CCTV one in force, or one tied to the camera. */
export function CameraDpiaSection({
  dpias,
  manage,
  version,
}: {
  /** Every CCTV DPIA recorded (choices for a specific one). */
  dpias: ComplianceRecord[];
  manage: boolean;
  /** Changes when records change, to reload. */
  version: number;
}) {
  const t = useT();
  const rows = useApi((s) => loadCameraDpias(s), [version]);
  return (
    <Panel as="section" aria-labelledby="compliance-cameras-title" className="mb-4">
      <h2 className="h4" id="compliance-cameras-title">
        {t('compliance.camera.section')}
      </h2>
      <ErrorAlert error={rows.error} />
      {rows.loading && !rows.data ? <Loading /> : null}
      {rows.data && rows.data.length === 0 ? (
        <p className="text-secondary">{t('compliance.camera.noCameras')}</p>
      ) : null}
      {rows.data && rows.data.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="compliance-cameras">
            <thead>
              <tr>
                <th scope="col">{t('compliance.camera.camera')}</th>
                <th scope="col">{t('compliance.camera.title')}</th>
                {manage ? <th scope="col">{t('compliance.camera.choose')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.data.map((r) => (
                <CameraRow
                  key={r.cameraId}
                  row={r}
                  dpias={dpias}
                  manage={manage}
                  onSaved={(next) =>
                    rows.setData((all) =>
                      all?.map((x) =>
                        x.cameraId === r.cameraId
                          ? { ...x, dpia: next.dpia, source: next.source }
                          : x,
                      ),
                    )
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}

function CameraRow({
  row,
  dpias,
  manage,
  onSaved,
}: {
  row: CameraDpiaRow;
  dpias: ComplianceRecord[];
  manage: boolean;
  onSaved: (r: { dpia: CameraDpiaRow['dpia']; source: CameraDpiaRow['source'] }) => void;
}) {
  const t = useT();
  const [choice, setChoice] = useState(row.source === 'assigned' ? (row.dpia?.id ?? '') : '');
  const save = useAction();
  const selectId = `camera-dpia-${row.cameraId}`;
  return (
    <tr data-camera={row.code}>
      <th scope="row">
        {row.code} <small className="d-block text-secondary fw-normal">{row.name}</small>
      </th>
      <td data-testid="camera-dpia">
        {row.dpia ? <RecordRefText value={row.dpia} /> : t('compliance.camera.none')}
        <small className="d-block text-secondary">
          {[
            row.source === 'assigned'
              ? t('compliance.camera.assigned')
              : row.source === 'in_force'
                ? t('compliance.camera.inForce')
                : '',
            row.legacyRef ? t('compliance.camera.legacy', { ref: row.legacyRef }) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </small>
      </td>
      {manage ? (
        <td>
          <div className="d-flex gap-2 align-items-center">
            <label htmlFor={selectId} className="visually-hidden">
              {t('compliance.camera.choose')} {row.code}
            </label>
            <select
              id={selectId}
              className="form-select form-select-sm"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
            >
              <option value="">{t('compliance.camera.useInForce')}</option>
              {dpias.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title} v{d.version}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-sm btn-outline-primary"
              disabled={save.pending}
              onClick={() =>
                void save
                  .run(() => assignCameraDpia(row.cameraId, choice || null))
                  .then((r) => r && onSaved(r))
              }
            >
              {t('compliance.camera.save')}
            </button>
          </div>
          <ErrorAlert error={save.error} className="mt-2 mb-0" />
        </td>
      ) : null}
    </tr>
  );
}
