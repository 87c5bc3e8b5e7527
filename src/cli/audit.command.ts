import type { Command } from 'commander';
import { withCore } from './cli-context.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('walk the hash chain; exit 0 when intact, 1 naming the first bad entry')
    .option('--json', 'print the result as JSON')
    .action((opts: { json?: boolean }) =>
      withCore(async (core) => {
        const result = await core.audit.verify();
        if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
        else if (result.ok)
          process.stdout.write(`registro di audit integro: ${result.checked} voci verificate\n`);
        else
          process.stderr.write(
            `registro di audit ALTERATO alla voce ${result.firstBadSeq}: ${result.problem} (${result.checked} voci integre prima)\n`,
          );
        return result.ok ? 0 : 1;
      }),
    );
}
