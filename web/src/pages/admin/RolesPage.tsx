import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { RoleInfo } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { roleLabel } from '../../lib/roles';

export function RolesPage() {
  const t = useT();
  const roles = useApi((signal) => unwrap(api.GET('/api/roles', { signal })), []);
  const toggle = useAction();
  const [success, setSuccess] = useState<string | null>(null);

  const replaceRole = (next: RoleInfo) =>
    roles.setData((current) =>
      current
        ? { ...current, items: current.items.map((r) => (r.role === next.role ? next : r)) }
        : current,
    );

  // The switch moves at once; it moves back if the server refuses.
  const setRequired = (role: RoleInfo, required: boolean) => {
    setSuccess(null);
    replaceRole({ ...role, totpRequired: required });
    void toggle
      .run(() =>
        unwrap(
          api.PUT('/api/roles/{role}/totp-required', {
            params: { path: { role: role.role } },
            body: { required },
          }),
        ),
      )
      .then((updated) => {
        if (!updated) {
          replaceRole(role);
          return;
        }
        replaceRole(updated);
        const label = roleLabel(t, updated.role);
        setSuccess(
          t(updated.totpRequired ? 'rolesPage.updatedOn' : 'rolesPage.updatedOff', { role: label }),
        );
      });
  };

  return (
    <>
      <PageHeader title={t('rolesPage.title')} intro={t('rolesPage.intro')} />
      {success ? <Notice kind="success">{success}</Notice> : null}
      <ErrorAlert error={toggle.error} onClose={toggle.clearError} />
      <ErrorAlert error={roles.error} />
      {roles.loading && !roles.data ? <Loading /> : null}
      {roles.data ? (
        <div className="table-responsive">
          <table className="table align-middle">
            <caption className="visually-hidden">{t('rolesPage.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rolesPage.role')}</th>
                <th scope="col">{t('rolesPage.permissions')}</th>
                <th scope="col">{t('rolesPage.totpRequired')}</th>
              </tr>
            </thead>
            <tbody>
              {roles.data.items.map((role) => {
                const inputId = `totp-required-${role.role}`;
                const label = roleLabel(t, role.role);
                return (
                  <tr key={role.role} data-role={role.role}>
                    <th scope="row">
                      <div>{label}</div>
                      <code className="small">{role.role}</code>
                    </th>
                    <td>
                      {role.permissions.length === 0 ? (
                        <span className="text-secondary">{t('rolesPage.noPermissions')}</span>
                      ) : (
                        <ul className="list-inline mb-0 vd-permissions">
                          {role.permissions.map((permission) => (
                            <li className="list-inline-item" key={permission}>
                              <code>{permission}</code>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <div className="toggles vd-toggle">
                        <label htmlFor={inputId}>
                          <span className="visually-hidden">
                            {t('rolesPage.totpRequiredFor', { role: label })}
                          </span>
                          <input
                            type="checkbox"
                            role="switch"
                            id={inputId}
                            checked={role.totpRequired}
                            disabled={toggle.pending}
                            onChange={(event) => setRequired(role, event.target.checked)}
                          />
                          <span className="lever" aria-hidden="true" />
                        </label>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
