import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { OkJson } from '../../api/types';
import type { paths } from '../../api/schema';

export type NotIngested = OkJson<
  paths['/api/bodycams/uploads/not-ingested']['get']
>['items'][number];

export const loadNotIngested = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/uploads/not-ingested', { signal })).then((r) => r.items);

export const retryUpload = (id: string) =>
  unwrap(api.POST('/api/bodycams/uploads/{id}/retry', { params: { path: { id } } }));

export const discardUpload = (id: string, reason: string) =>
  unwrap(
    api.POST('/api/bodycams/uploads/{id}/discard', { params: { path: { id } }, body: { reason } }),
  );
