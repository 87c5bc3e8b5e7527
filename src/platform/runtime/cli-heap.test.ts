import { describe, expect, it } from 'vitest';
import { limitCliYoungGeneration } from './cli-heap.js';

describe('limitCliYoungGeneration', () => {
  it('leaves the server and a bare invocation with V8 defaults', () => {
    expect(limitCliYoungGeneration(['serve', '--port', '8080'])).toBe(false);
    expect(limitCliYoungGeneration([])).toBe(false);
    expect(limitCliYoungGeneration(['--help'])).toBe(false);
  });

  it('caps the young generation of one-shot commands', () => {
    expect(limitCliYoungGeneration(['acquire', '--camera', 'C1'])).toBe(true);
    expect(limitCliYoungGeneration(['--json', 'verify', '/tmp/x'])).toBe(true);
  });
});
