import v8 from 'node:v8';

/**
 * One-shot CLI commands (everything but `serve`) keep V8's young generation at its initial
 * size. Loading the whole core makes V8 grow it to 16 MB semi-spaces it then never gives back,
 * about 20 MB of a command's resident size for nothing: a command allocates little once it
 * runs (files are hashed and copied in worker threads, ffmpeg muxes). The server keeps V8's
 * defaults. Called by main.ts before it loads the program and the core.
 */
export function limitCliYoungGeneration(argv: readonly string[]): boolean {
  const command = argv.find((a) => !a.startsWith('-'));
  if (command === undefined || command === 'serve') return false;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}
