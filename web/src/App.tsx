import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { RequirePermission } from './components/RequirePermission';
import { PageFrame } from './layouts/PageFrame';
import { RequireAuth } from './layouts/RequireAuth';
import { AccountPage } from './pages/account/AccountPage';
import { AdminLayout } from './pages/admin/AdminLayout';
import { CamerasPage } from './pages/admin/cameras/CamerasPage';
import { JobsPage } from './pages/admin/JobsPage';
import { RolesPage } from './pages/admin/RolesPage';
import { UsersPage } from './pages/admin/UsersPage';
import { AuditPage } from './pages/audit/AuditPage';
import { BodycamsLayout, DISCIPLINARE_READERS } from './pages/bodycams/BodycamsLayout';
import { ClipsPage } from './pages/bodycams/ClipsPage';
import { DisciplinarePage } from './pages/bodycams/DisciplinarePage';
import { MyClipsPage } from './pages/bodycams/MyClipsPage';
import { ShiftChangePage } from './pages/bodycams/ShiftChangePage';
import { TrainingPage } from './pages/bodycams/TrainingPage';
import { CompliancePage } from './pages/privacy/CompliancePage';
import { EvidenceDetailPage } from './pages/evidence/EvidenceDetailPage';
import { EvidencePage } from './pages/evidence/EvidencePage';
import { SharePublicPage } from './pages/share/SharePublicPage';
import { HomePage } from './pages/HomePage';
import { LivePage } from './pages/live/LivePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { HoldsPage } from './pages/recordings/HoldsPage';
import { RecordingsLayout } from './pages/recordings/RecordingsLayout';
import { RecordingsPage } from './pages/recordings/RecordingsPage';
import { DashboardPage } from './pages/reports/DashboardPage';
import { ReportsLayout } from './pages/reports/ReportsLayout';
import { ReportsPage } from './pages/reports/ReportsPage';
import { ImportsPage } from './pages/requests/ImportsPage';
import { NewRequestPage } from './pages/requests/NewRequestPage';
import { OutboxPage } from './pages/requests/OutboxPage';
import { QuarantinePage } from './pages/requests/QuarantinePage';
import { RequestDetailPage } from './pages/requests/RequestDetailPage';
import { RequestsLayout } from './pages/requests/RequestsLayout';
import { RequestsQueuePage } from './pages/requests/RequestsQueuePage';
import { TemplatesPage } from './pages/requests/TemplatesPage';
import { SearchPage } from './pages/search/SearchPage';
import { SetupPage } from './pages/SetupPage';
import { area, type AreaId } from './session/areas';

/** An area guarded by its permissions (see session/areas.ts). */
function Guarded({ id, children }: { id: AreaId; children: ReactNode }) {
  return <RequirePermission anyOf={area(id).anyOf}>{children}</RequirePermission>;
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/login"
          element={
            <PageFrame variant="public" narrow>
              <LoginPage />
            </PageFrame>
          }
        />
        <Route
          path="/setup"
          element={
            <PageFrame variant="public" narrow>
              <SetupPage />
            </PageFrame>
          }
        />
        <Route
          path="/condivisione"
          element={
            <PageFrame variant="public">
              <SharePublicPage />
            </PageFrame>
          }
        />
        <Route element={<RequireAuth />}>
          <Route index element={<HomePage />} />
          <Route
            path="richieste"
            element={
              <Guarded id="requests">
                <RequestsLayout />
              </Guarded>
            }
          >
            <Route
              index
              element={
                <RequirePermission anyOf={['request.read']}>
                  <RequestsQueuePage />
                </RequirePermission>
              }
            />
            <Route
              path="nuova"
              element={
                <RequirePermission anyOf={['request.create']}>
                  <NewRequestPage />
                </RequirePermission>
              }
            />
            <Route
              path="quarantena"
              element={
                <RequirePermission anyOf={['request.process']}>
                  <QuarantinePage />
                </RequirePermission>
              }
            />
            <Route
              path="posta"
              element={
                <RequirePermission anyOf={['request.process', 'settings.manage']}>
                  <OutboxPage />
                </RequirePermission>
              }
            />
            <Route
              path="modelli"
              element={
                <RequirePermission anyOf={['settings.manage']}>
                  <TemplatesPage />
                </RequirePermission>
              }
            />
            <Route
              path="importa"
              element={
                <RequirePermission anyOf={['request.process', 'settings.manage']}>
                  <ImportsPage />
                </RequirePermission>
              }
            />
          </Route>
          <Route
            path="richieste/:id"
            element={
              <RequirePermission anyOf={['request.read']}>
                <RequestDetailPage />
              </RequirePermission>
            }
          />
          <Route
            path="live"
            element={
              <Guarded id="live">
                <LivePage />
              </Guarded>
            }
          />
          <Route
            path="registrazioni"
            element={
              <Guarded id="recordings">
                <RecordingsLayout />
              </Guarded>
            }
          >
            <Route
              index
              element={
                <RequirePermission anyOf={['recording.playback']}>
                  <RecordingsPage />
                </RequirePermission>
              }
            />
            <Route
              path="blocchi"
              element={
                <RequirePermission anyOf={['hold.manage']}>
                  <HoldsPage />
                </RequirePermission>
              }
            />
          </Route>
          <Route
            path="ricerca"
            element={
              <Guarded id="search">
                <SearchPage />
              </Guarded>
            }
          />
          <Route
            path="evidenze"
            element={
              <Guarded id="evidence">
                <EvidencePage />
              </Guarded>
            }
          />
          <Route
            path="evidenze/:id"
            element={
              <Guarded id="evidence">
                <EvidenceDetailPage />
              </Guarded>
            }
          />
          <Route
            path="bodycam"
            element={
              <Guarded id="bodycam">
                <BodycamsLayout />
              </Guarded>
            }
          >
            <Route index element={null} />
            <Route
              path="consegna"
              element={
                <RequirePermission anyOf={['bodycam.manage']}>
                  <ShiftChangePage />
                </RequirePermission>
              }
            />
            <Route
              path="formazione"
              element={
                <RequirePermission anyOf={['bodycam.manage']}>
                  <TrainingPage />
                </RequirePermission>
              }
            />
            <Route
              path="mie"
              element={
                <RequirePermission anyOf={['bodycam.own']}>
                  <MyClipsPage />
                </RequirePermission>
              }
            />
            <Route
              path="riprese"
              element={
                <RequirePermission anyOf={['bodycam.view', 'privacy.manage']}>
                  <ClipsPage />
                </RequirePermission>
              }
            />
            <Route
              path="disciplinare"
              element={
                <RequirePermission anyOf={DISCIPLINARE_READERS}>
                  <DisciplinarePage />
                </RequirePermission>
              }
            />
          </Route>
          <Route
            path="report"
            element={
              <Guarded id="reports">
                <ReportsLayout />
              </Guarded>
            }
          >
            <Route index element={<DashboardPage />} />
            <Route path="rapporti" element={<ReportsPage />} />
          </Route>
          <Route
            path="privacy"
            element={
              <Guarded id="privacy">
                <CompliancePage />
              </Guarded>
            }
          />
          <Route
            path="admin"
            element={
              <Guarded id="admin">
                <AdminLayout />
              </Guarded>
            }
          >
            <Route index element={null} />
            <Route
              path="users"
              element={
                <RequirePermission anyOf={['user.manage']}>
                  <UsersPage />
                </RequirePermission>
              }
            />
            <Route
              path="roles"
              element={
                <RequirePermission anyOf={['user.manage']}>
                  <RolesPage />
                </RequirePermission>
              }
            />
            <Route
              path="jobs"
              element={
                <RequirePermission anyOf={['job.read']}>
                  <JobsPage />
                </RequirePermission>
              }
            />
            <Route
              path="cameras"
              element={
                <RequirePermission anyOf={['camera.read']}>
                  <CamerasPage />
                </RequirePermission>
              }
            />
          </Route>
          <Route
            path="audit"
            element={
              <Guarded id="audit">
                <AuditPage />
              </Guarded>
            }
          />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
