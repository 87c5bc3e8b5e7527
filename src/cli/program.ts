// The `vedetta` command line: its commands, parsed from process.argv (entry: src/main.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { createCore, createHttpApp } from '../app.js';
import { loadConfig } from '../config.js';
import { migrationProvider } from '../migrations/index.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { createLogger } from '../platform/log/logger.js';
import { registerAuditCommands } from './audit.command.js';
import { registerCameraCommands } from './cameras.command.js';
import { registerEvidenceCommands } from './evidence.command.js';
import { reportError } from './cli-context.js';
import { registerParseRequestCommand } from './parse-request.command.js';
import { registerReportCommands } from './report.command.js';
import { registerServeCommand } from './serve.command.js';
import { registerUserCommands } from './user.command.js';
import { VERSION } from '../version.js';

const program = new Command()
  .name('vedetta')
  .description('Vedetta — software per la Centrale Operativa della Polizia Locale')
  .version(VERSION);

registerServeCommand(program);
registerUserCommands(program);
registerAuditCommands(program);
registerCameraCommands(program);
registerEvidenceCommands(program);
registerParseRequestCommand(program);
registerReportCommands(program);

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    try {
      const config = loadConfig();
      const db = openDatabase(config.database);
      try {
        const { applied } = await migrateToLatest(db, migrationProvider);
        process.stdout.write(
          applied.length
            ? `migrazioni applicate: ${applied.join(', ')}\n`
            : 'database già aggiornato\n',
        );
      } finally {
        await db.destroy();
      }
    } catch (err: unknown) {
      process.exitCode = reportError(err);
    }
  });

program
  .command('openapi')
  .description('print the OpenAPI document (used to generate the web client)')
  .action(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vedetta-openapi-'));
    try {
      const config = loadConfig({
        VEDETTA_DATA_DIR: dir,
        DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      });
      const core = await createCore(config, { logger: createLogger('silent') });
      const { app } = await createHttpApp(core);
      process.stdout.write(JSON.stringify(app.swagger(), null, 2) + '\n');
      await app.close();
      await core.close();
    } catch (err: unknown) {
      process.exitCode = reportError(err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

await program.parseAsync(process.argv);
