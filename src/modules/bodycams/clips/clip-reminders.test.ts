import { describe, expect, it } from 'vitest';
import { remindersDue } from './clip-reminders.js';

const H = 3_600_000;
const due = 100 * H;

describe('remindersDue', () => {
  it('sends nothing before the first threshold', () => {
    expect(remindersDue(due, [24, 4], new Set(), due - 25 * H)).toEqual({ send: null, mark: [] });
  });
  it('sends each threshold once as it is reached', () => {
    expect(remindersDue(due, [24, 4], new Set(), due - 24 * H)).toEqual({ send: 24, mark: [24] });
    expect(remindersDue(due, [24, 4], new Set([24]), due - 10 * H)).toEqual({
      send: null,
      mark: [],
    });
    expect(remindersDue(due, [24, 4], new Set([24]), due - 3 * H)).toEqual({ send: 4, mark: [4] });
    expect(remindersDue(due, [24, 4], new Set([24, 4]), due - 1 * H)).toEqual({
      send: null,
      mark: [],
    });
  });
  it('sends only the most urgent when several were reached together', () => {
    expect(remindersDue(due, [24, 4, 4], new Set(), due - 2 * H)).toEqual({
      send: 4,
      mark: [4, 24],
    });
  });
  it('sends nothing once the deadline has passed', () => {
    expect(remindersDue(due, [24, 4], new Set(), due)).toEqual({ send: null, mark: [] });
  });
});
