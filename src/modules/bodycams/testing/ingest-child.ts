// A separate process that runs dock ingest passes on the configured data folder and database,
// so that a test can kill it with SIGKILL in the middle of a copy.
import { createCore } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { createLogger } from '../../../platform/log/logger.js';

const core = await createCore(loadConfig(), { logger: createLogger('silent') });
await core.bodycams.ingest.runOnce();
await core.bodycams.ingest.runOnce();
await core.close();
