import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { NewReportSchema } from '../modules/reports/reports.schemas.js';
import { ValidationFailed } from '../platform/errors.js';
import { cliActor, withCore } from './cli-context.js';

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('monthly reporting (rendicontazione)');
  report
    .command('build')
    .description(
      'build and store a report now (PDF, XLSX, CSV), as the API does; audited as cli:<os user>',
    )
    .option('--month <YYYY-MM>', 'a calendar month (Europe/Rome)')
    .option('--from <YYYY-MM-DD>', 'first day of a span (with --to)')
    .option('--to <YYYY-MM-DD>', 'last day of the span, included')
    .option('--unit <name>', 'only requests of this requesting unit')
    .option('--out <dir>', 'also copy the files into this folder (each copy is audited)')
    .option('--json', 'print the stored report as JSON')
    .action(
      (opts: {
        month?: string;
        from?: string;
        to?: string;
        unit?: string;
        out?: string;
        json?: boolean;
      }) =>
        withCore(async (core) => {
          const parsed = NewReportSchema.safeParse({
            ...(opts.month && { month: opts.month }),
            ...(opts.from && { from: opts.from }),
            ...(opts.to && { to: opts.to }),
            ...(opts.unit && { unit: opts.unit }),
          });
          if (!parsed.success) {
            throw new ValidationFailed(
              parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
            );
          }
          const input = parsed.data;
          const actor = cliActor();
          const built = await core.reports.buildOnDemand(
            { actor, name: actor.username ?? 'cli' },
            input,
          );
          const copied: string[] = [];
          if (opts.out) {
            mkdirSync(opts.out, { recursive: true });
            for (const f of built.files) {
              const file = await core.reports.download(actor, built.id, f.kind);
              const target = path.join(opts.out, file.name);
              await pipeline(file.stream, createWriteStream(target));
              copied.push(target);
            }
          }
          if (opts.json) {
            process.stdout.write(JSON.stringify({ ...built, copied }) + '\n');
            return 0;
          }
          process.stdout.write(
            `rendiconto ${built.period.label} (${built.id}), dati estratti il ${built.extractedAt}\n`,
          );
          for (const f of built.files)
            process.stdout.write(`  ${f.name}  ${f.bytes} byte  sha256 ${f.sha256}\n`);
          for (const c of copied) process.stdout.write(`  copiato in ${c}\n`);
          return 0;
        }),
    );
}
