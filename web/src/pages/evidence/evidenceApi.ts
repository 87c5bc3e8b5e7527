import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { BodyOf, OkJson } from '../../api/types';
import type { paths } from '../../api/schema';

export type Acquisition = OkJson<paths['/api/evidence/acquisitions/{id}']['get']>;
export type NewAcquisition = BodyOf<paths['/api/evidence/acquisitions']['post']>;
export type EvidenceSummary = OkJson<paths['/api/evidence']['get']>['items'][number];
export type EvidenceDetail = OkJson<paths['/api/evidence/{id}']['get']>;
export type EvidenceFile = EvidenceDetail['files'][number];
export type CustodyEntry = EvidenceDetail['custody'][number];
export type PublicKey = OkJson<paths['/api/evidence/public-key']['get']>;
export type EvidenceQuery = NonNullable<paths['/api/evidence']['get']['parameters']['query']>;

export function startAcquisition(body: NewAcquisition): Promise<Acquisition> {
  return unwrap(api.POST('/api/evidence/acquisitions', { body }));
}

export function loadAcquisition(id: string, signal?: AbortSignal): Promise<Acquisition> {
  return unwrap(api.GET('/api/evidence/acquisitions/{id}', { signal, params: { path: { id } } }));
}

export function retryAcquisition(id: string): Promise<Acquisition> {
  return unwrap(
    api.POST('/api/evidence/acquisitions/{id}/retry', { params: { path: { id } }, body: {} }),
  );
}

/** The ZIP of the package; the reason goes to the chain of custody. */
export function packageUrl(id: string, reason: string): string {
  return `/api/evidence/${encodeURIComponent(id)}/package.zip?${new URLSearchParams({ reason }).toString()}`;
}

/** One file of the package (path as listed in the item's files). */
export function fileUrl(id: string, path: string, reason: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `/api/evidence/${encodeURIComponent(id)}/files/${encoded}?${new URLSearchParams({ reason }).toString()}`;
}

/** Starts a browser download of `url` (the server names the file). */
export function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 * 1024
    ? `${(bytes / 1024 / 1024 / 1024).toFixed(2).replace('.', ',')} GB`
    : bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`
      : `${Math.max(1, Math.round(bytes / 1024))} kB`;
