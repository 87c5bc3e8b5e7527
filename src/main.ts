// Entry point of the server and its command line (bin/vedetta.js imports the compiled copy).
// V8's young generation is set for a one-shot command before anything else loads: the program
// and the core are imported only afterwards (a static import would load them first).
import { limitCliYoungGeneration } from './platform/runtime/cli-heap.js';

limitCliYoungGeneration(process.argv.slice(2));
await import('./cli/program.js');
