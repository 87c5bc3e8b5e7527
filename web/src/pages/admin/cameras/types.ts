/** Camera types derived from the generated OpenAPI `paths` (never written twice by hand). */
import type { BodyOf, OkJson } from '../../../api/types';
import type { paths } from '../../../api/schema';

export type Camera = OkJson<paths['/api/cameras']['get']>['items'][number];
export type CameraStatus = Camera['status'];
export type CameraState = CameraStatus['state'];
export type Purpose = Camera['purpose'];
export type CameraInput = BodyOf<paths['/api/cameras']['post']>;
export type CameraSettings = OkJson<paths['/api/cameras/settings']['get']>;
export type CameraImportResult = OkJson<paths['/api/cameras/import']['post']>;

export const CAMERA_STATES = [
  'starting',
  'online',
  'offline',
  'error',
  'disabled',
] as const satisfies readonly CameraState[];
