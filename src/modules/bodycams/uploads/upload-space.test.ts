import { describe, expect, it } from 'vitest';
import { creationSpaceProblem, writeSpaceProblem } from './upload-space.js';

const MB = 1024 * 1024;

describe('disk space for bodycam uploads', () => {
  it('accepts a new upload only if free − reserved − length stays at or above the minimum', () => {
    const p = { free: 1030 * MB, reserved: 2 * MB, minFree: 1024 * MB };
    expect(creationSpaceProblem({ ...p, length: 4 * MB })).toBeNull();
    const refused = creationSpaceProblem({ ...p, length: 4 * MB + 1 });
    expect(refused).toMatch(/spazio su disco insufficiente per un file di 4\.0 MiB/);
    expect(refused).toMatch(/2\.0 MiB già riservati.*1\.0 GiB devono restare liberi/);
    expect(creationSpaceProblem({ ...p, free: null, length: 1 })).toMatch(/non verificabile/);
  });

  it('lets a PATCH write only while the minimum stays free', () => {
    const p = { free: 1025 * MB, minFree: 1024 * MB };
    expect(writeSpaceProblem({ ...p, incoming: MB })).toBeNull();
    expect(writeSpaceProblem({ ...p, incoming: MB + 1 })).toMatch(/riprendere più tardi da HEAD/);
    expect(writeSpaceProblem({ ...p, free: null, incoming: 0 })).toMatch(/non verificabile/);
  });
});
