import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import type { BodyOf, OkJson } from '../../../api/types';
import type { paths } from '../../../api/schema';

export type Share = OkJson<paths['/api/evidence/{id}/shares']['get']>['items'][number];
export type NewShare = BodyOf<paths['/api/evidence/{id}/shares']['post']>;
export type CreatedShare = OkJson<paths['/api/evidence/{id}/shares']['post']>;
export type ShareTerms = OkJson<paths['/api/evidence/share-terms']['get']>;
export type ShareAccess = OkJson<paths['/api/public/shares/open']['post']>;
export type RecipientType = Share['recipient']['type'];

export const RECIPIENT_TYPES: readonly RecipientType[] = [
  'ag',
  'pg',
  'other_force',
  'partner_command',
  'defence',
  'other',
];

export function loadShares(id: string, signal?: AbortSignal): Promise<{ items: Share[] }> {
  return unwrap(api.GET('/api/evidence/{id}/shares', { signal, params: { path: { id } } }));
}

export function loadShareTerms(signal?: AbortSignal): Promise<ShareTerms> {
  return unwrap(api.GET('/api/evidence/share-terms', { signal }));
}

export function createShare(id: string, body: NewShare): Promise<CreatedShare> {
  return unwrap(api.POST('/api/evidence/{id}/shares', { params: { path: { id } }, body }));
}

export function revokeShare(id: string, shareId: string, reason: string): Promise<Share> {
  return unwrap(
    api.POST('/api/evidence/{id}/shares/{shareId}/revoke', {
      params: { path: { id, shareId } },
      body: { reason },
    }),
  );
}

export const verbaleUrl = (id: string, shareId: string): string =>
  `/api/evidence/${encodeURIComponent(id)}/shares/${encodeURIComponent(shareId)}/verbale.pdf`;

/** The link as the recipient must receive it (absolute, also when the server gave a path). */
export const absoluteLink = (link: string): string => new URL(link, window.location.origin).href;

/** Recipient: opens the link (secret from the URL fragment, optional password). */
export function openShare(token: string, password?: string): Promise<ShareAccess> {
  return unwrap(
    api.POST('/api/public/shares/open', {
      body: { token, ...(password ? { password } : {}) },
    }),
  );
}

export const publicZipUrl = (key: string): string =>
  `/api/public/shares/package.zip?${new URLSearchParams({ key }).toString()}`;

export const publicFileUrl = (key: string, path: string): string =>
  `/api/public/shares/file?${new URLSearchParams({ key, path }).toString()}`;
