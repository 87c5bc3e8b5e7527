/** The live wall as saved per user (preference `live.wall`), and the rules for filling it. */

export type WallLayout = '1' | '2x2' | '3x3' | '4x4';

export const LAYOUTS: readonly WallLayout[] = ['1', '2x2', '3x3', '4x4'];

/** Tiles of the largest layout: the wall keeps this many places, shown or not. */
export const MAX_TILES = 16;

const COLUMNS: Record<WallLayout, number> = { '1': 1, '2x2': 2, '3x3': 3, '4x4': 4 };

export interface Wall {
  layout: WallLayout;
  /** Camera id per place, always MAX_TILES long; places past the layout are kept, not shown. */
  cameras: Array<string | null>;
}

/** The value sent to `PUT /api/me/preferences/live.wall`. */
export interface WallPreference {
  layout: WallLayout;
  cameras: Array<string | null>;
}

export const DEFAULT_WALL: Wall = { layout: '2x2', cameras: Array<null>(MAX_TILES).fill(null) };

export function columnsOf(layout: WallLayout): number {
  return COLUMNS[layout];
}

export function tileCount(layout: WallLayout): number {
  return COLUMNS[layout] ** 2;
}

const isLayout = (v: unknown): v is WallLayout => LAYOUTS.includes(v as WallLayout);

/** The saved preference as a wall; anything unexpected falls back to the default. */
export function parseWall(value: unknown): Wall {
  if (typeof value !== 'object' || value === null) return DEFAULT_WALL;
  const v = value as Record<string, unknown>;
  const layout = isLayout(v.layout) ? v.layout : DEFAULT_WALL.layout;
  const saved = Array.isArray(v.cameras) ? (v.cameras as unknown[]) : [];
  const cameras = Array.from({ length: MAX_TILES }, (_, i) => {
    const id = saved[i];
    return typeof id === 'string' && id.length > 0 ? id : null;
  });
  return { layout, cameras };
}

/** The wall as saved: trailing empty places left out. */
export function toPreference(wall: Wall): WallPreference {
  const cameras = [...wall.cameras];
  while (cameras.length > 0 && cameras[cameras.length - 1] === null) cameras.pop();
  return { layout: wall.layout, cameras };
}

export type PlaceResult =
  | { kind: 'placed'; wall: Wall; slot: number }
  /** No empty place in the layout shown (and none chosen). */
  | { kind: 'full' }
  /** Already shown, at `slot`. */
  | { kind: 'already'; slot: number };

/**
 * Puts a camera on the wall: in the chosen place when there is one (a camera already shown
 * elsewhere swaps places with what was there), otherwise in the first empty place shown.
 */
export function placeCamera(wall: Wall, cameraId: string, chosen: number | null): PlaceResult {
  const shown = tileCount(wall.layout);
  const current = wall.cameras.indexOf(cameraId);
  const cameras = [...wall.cameras];
  if (chosen !== null && chosen >= 0 && chosen < shown) {
    if (current === chosen) return { kind: 'already', slot: chosen };
    if (current >= 0) cameras[current] = current < shown ? (cameras[chosen] ?? null) : null;
    cameras[chosen] = cameraId;
    return { kind: 'placed', wall: { ...wall, cameras }, slot: chosen };
  }
  if (current >= 0 && current < shown) return { kind: 'already', slot: current };
  const empty = cameras.slice(0, shown).indexOf(null);
  if (empty < 0) return { kind: 'full' };
  // A camera kept in a place the layout hides moves into view.
  if (current >= 0) cameras[current] = null;
  cameras[empty] = cameraId;
  return { kind: 'placed', wall: { ...wall, cameras }, slot: empty };
}

export function clearPlace(wall: Wall, slot: number): Wall {
  const cameras = [...wall.cameras];
  cameras[slot] = null;
  return { ...wall, cameras };
}
