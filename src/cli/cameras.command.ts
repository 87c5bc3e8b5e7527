import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor, readStdin, withCore } from './cli-context.js';

export function registerCameraCommands(program: Command): void {
  const cameras = program.command('cameras').description('the camera registry');

  cameras
    .command('list')
    .description('list cameras with their recording status (never with credentials)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withCore(async (core) => {
        const list = await core.cameras.list();
        if (opts.json) {
          process.stdout.write(JSON.stringify(list, null, 2) + '\n');
          return;
        }
        for (const c of list) {
          const status = `${c.status.state}${c.status.lastSegmentAt ? ` (ultimo segmento ${c.status.lastSegmentAt})` : ''}`;
          process.stdout.write(
            `${c.code.padEnd(12)} ${c.name.padEnd(32)} ${String(c.retentionDays).padStart(2)} gg  ${c.enabled ? status : 'disattivata'}${c.demo ? '  [demo]' : ''}\n`,
          );
        }
        if (list.length === 0) process.stdout.write('nessuna telecamera\n');
      }),
    );

  cameras
    .command('export')
    .description('print the registry as CSV')
    .action(() =>
      withCore(async (core) => {
        process.stdout.write(await core.cameras.exportCsv());
      }),
    );

  cameras
    .command('import')
    .description('create or update cameras from a CSV file ("-" reads standard input)')
    .argument('<file>', 'CSV file with a header line')
    .action((file: string) =>
      withCore(async (core) => {
        const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
        const result = await core.cameras.importCsv(cliActor(), text);
        process.stdout.write(
          `telecamere create: ${result.created}, aggiornate: ${result.updated}\n`,
        );
      }),
    );
}
