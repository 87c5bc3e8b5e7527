import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The running software version, from package.json (stamped into manifests and reports). */
export const VERSION: string = pkg.version;
