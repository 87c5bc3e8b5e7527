import { api, csrfHeaders } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { BodyOf, OkJson } from '../../api/types';

export type ComplianceRecord = OkJson<paths['/api/compliance/records']['get']>['items'][number];
export type NewRecord = BodyOf<paths['/api/compliance/records']['post']>;
export type Tool = ComplianceRecord['tool'];
export type Kind = ComplianceRecord['kind'];
export type RecordRef = NonNullable<OkJson<paths['/api/compliance/in-force']['get']>['dpia']>;
export type CameraCompliance = OkJson<paths['/api/compliance/cameras/{id}']['get']>;

export const TOOLS: readonly Tool[] = ['cctv', 'bodycam'];
export const KINDS: readonly Kind[] = ['dpia', 'dpo_opinion', 'disciplinare', 'signage'];

export const loadRecords = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/compliance/records', { signal })).then((r) => r.items);

export const loadCameraCompliance = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/compliance/cameras/{id}', { signal, params: { path: { id } } }));

export function assignCameraDpia(id: string, recordId: string | null) {
  return unwrap(
    api.PUT('/api/compliance/cameras/{id}/dpia', {
      params: { path: { id } },
      body: { recordId },
    }),
  );
}

export function createRecord(body: NewRecord) {
  return unwrap(api.POST('/api/compliance/records', { body }));
}

/** Uploads a PDF as the raw body (the route takes application/pdf, not JSON). */
export async function uploadPdf(file: File): Promise<{ sha256: string; bytes: number }> {
  let response: Response;
  try {
    response = await fetch(`/api/compliance/uploads?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/pdf', ...csrfHeaders() },
      body: file,
    });
  } catch (error) {
    throw toApiError(error);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(body, response);
  return body as { sha256: string; bytes: number };
}

export const fileUrl = (id: string) => `/api/compliance/records/${encodeURIComponent(id)}/file`;

/** 2026-11-01 → 01/11/2026. */
export function dayIt(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export type CameraDpiaRow = OkJson<paths['/api/compliance/cameras']['get']>['items'][number];

export const loadCameraDpias = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/compliance/cameras', { signal })).then((r) => r.items);
