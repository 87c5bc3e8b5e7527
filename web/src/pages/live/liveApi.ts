import type { paths } from '../../api/schema';
import type { OkJson } from '../../api/types';

/** A camera as GET /api/cameras lists it (those the user may see). */
export type LiveCamera = OkJson<paths['/api/cameras']['get']>['items'][number];
export type RecorderState = LiveCamera['status']['state'];
