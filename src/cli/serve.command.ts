import type { Command } from 'commander';
import { createCore, createHttpApp } from '../app.js';
import { loadConfig } from '../config.js';
import { reportError } from './cli-context.js';
import { VERSION } from '../version.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run Vedetta: migrate the database, serve the API and web app, run background jobs',
    )
    .action(async () => {
      try {
        await serve();
      } catch (err: unknown) {
        process.exitCode = reportError(err);
      }
    });
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const core = await createCore(config);
  const { app, webAvailable } = await createHttpApp(core);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = config.tlsCert ? 'https' : 'http';
  const base = (
    config.publicUrl ??
    `${scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  ).replace(/\/$/, '');
  if (config.jobsEnabled) core.worker.start();
  await core.startRecorder();
  const mail = await core.mailboxes.start();

  const lines = [
    `Vedetta ${VERSION} in ascolto su ${base}/`,
    `  database: ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
    `  dati: ${config.dataDir}`,
    `  API: ${base}/api/docs`,
  ];
  if (mail.smtp) {
    lines.push(`  casella richieste (SMTP): smtp://${mail.smtp.address}:${mail.smtp.port}`);
  }
  if (mail.imap) lines.push(`  casella IMAP: ${mail.imap}`);
  if (core.demo.running) {
    lines.push(
      '  telecamere dimostrative attive (nessuna telecamera reale configurata; VEDETTA_DEMO=0 per disattivarle)',
    );
  }
  if (!webAvailable) lines.push('  ATTENZIONE: interfaccia web non compilata (npm run build)');
  const token = await core.setup.issueToken();
  if (token) {
    lines.push(
      '',
      'Nessun amministratore configurato. Creare il primo amministratore con questo link monouso',
      '(valido 24 ore, sostituito a ogni riavvio):',
      `  ${base}/setup#token=${token}`,
      'oppure: npx vedetta user add --username NOME --role admin --password -',
    );
  }
  // Plain stdout, not the logger: the setup link must reach the operator and never a log file.
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    void app
      .close()
      .then(() => core.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        core.log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
