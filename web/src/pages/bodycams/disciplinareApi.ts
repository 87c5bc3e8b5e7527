import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { BodyOf, OkJson } from '../../api/types';

export type DisciplinareList = OkJson<paths['/api/bodycams/disciplinare']['get']>;
export type DisciplinareVersion = DisciplinareList['current'];
export type Rules = DisciplinareVersion['rules'];
export type Category = Rules['categories'][number];
export type NewDisciplinare = BodyOf<paths['/api/bodycams/disciplinare']['post']>;
export type Approval = BodyOf<paths['/api/bodycams/disciplinare/{id}/approval']['post']>;

export const loadDisciplinareVersions = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/bodycams/disciplinare', { signal }));

export function createDisciplinare(body: NewDisciplinare) {
  return unwrap(api.POST('/api/bodycams/disciplinare', { body }));
}

export function approveDisciplinare(id: string, body: Approval) {
  return unwrap(
    api.POST('/api/bodycams/disciplinare/{id}/approval', { params: { path: { id } }, body }),
  );
}
