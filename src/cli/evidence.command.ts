import { mkdir, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { operatorFromCli } from '../modules/evidence/acquisition.service.js';
import { verifyPackage } from '../modules/evidence/package-verify.js';
import { copyWithHash } from '../platform/files/copy-with-hash.js';
import { cliActor, reportError, withCore } from './cli-context.js';

export function registerEvidenceCommands(program: Command): void {
  program
    .command('verify')
    .argument('<path>', 'package folder or .zip')
    .description(
      'verify an evidence package offline: SHA256SUMS, the manifest signature, manifest and files; exit 0 when intact, 1 naming what fails',
    )
    .option('--key <fingerprint>', 'expected SHA-256 fingerprint of the installation public key')
    .option('--json', 'print the result as JSON')
    .action(async (target: string, opts: { key?: string; json?: boolean }) => {
      try {
        const result = await verifyPackage(target, {
          ...(opts.key && { expectedFingerprint: opts.key }),
        });
        if (opts.json) {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        } else {
          for (const c of result.checks) {
            (c.ok ? process.stdout : process.stderr).write(
              `${c.ok ? 'OK   ' : 'ERRORE'} ${c.detail}\n`,
            );
          }
          process.stdout.write(
            result.ok
              ? `pacchetto ${result.number ?? ''} integro: ${result.checks.length} controlli superati\n`
              : '',
          );
          if (!result.ok) {
            process.stderr.write(
              `pacchetto ${result.number ?? ''} NON integro: ${result.problems.length} controlli falliti\n`,
            );
          }
        }
        process.exitCode = result.ok ? 0 : 1;
      } catch (err: unknown) {
        process.exitCode = reportError(err);
      }
    });

  program
    .command('acquire')
    .description(
      'acquire a camera window as evidence from the shell (same database and storage as the running server), then copy the package to --out',
    )
    .requiredOption('--camera <code>', 'camera code')
    .requiredOption('--from <iso>', 'start of the window (ISO 8601 with offset)')
    .requiredOption('--to <iso>', 'end of the window (ISO 8601 with offset)')
    .requiredOption('--reason <text>', 'why the footage is acquired')
    .requiredOption('--out <dir>', 'folder that receives the package (as <dir>/<number>/)')
    .option('--request <id>', 'footage request id or number (VS-…)')
    .option('--case <ref>', 'case file / protocol reference')
    .option('--json', 'print the acquisition as JSON')
    .action(
      (opts: {
        camera: string;
        from: string;
        to: string;
        reason: string;
        out: string;
        request?: string;
        case?: string;
        json?: boolean;
      }) =>
        withCore(async (core) => {
          const camera = await core.cameras.getByCode(opts.camera);
          const who = operatorFromCli(cliActor());
          const created = await core.evidence.acquisitions.create(
            who,
            {
              cameraId: camera.id,
              from: opts.from,
              to: opts.to,
              reason: opts.reason,
              ...(opts.request && { requestId: opts.request }),
              ...(opts.case && { caseRef: opts.case }),
            },
            // Run here, not by the server's worker: the command ends when the package is done.
            { enqueue: false },
          );
          process.stderr.write(`acquisizione ${created.number}: esportazione in corso…\n`);
          const abort = new AbortController();
          const onSignal = () => abort.abort();
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          let done;
          try {
            done = await core.evidence.acquisitions.run(created.id, abort.signal);
          } finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
          const target = path.resolve(opts.out, done.number);
          if (await stat(target).catch(() => null)) throw new Error(`${target} esiste già`);
          const files = await core.evidence.evidence.packageFiles(
            { actor: who.actor, viewer: who.viewer },
            done.id,
            `Copia del pacchetto in ${target} (vedetta acquire)`,
          );
          for (const f of files) {
            const dest = path.join(target, ...f.path.split('/'));
            await mkdir(path.dirname(dest), { recursive: true });
            if (f.localPath) {
              // Copied and hashed in one pass off the main thread; the copy must match the register.
              const copied = await copyWithHash(f.localPath, dest);
              if (copied.sha256 !== f.sha256)
                throw new Error(`${f.path}: la copia non corrisponde all’impronta registrata`);
            } else {
              await pipeline(await f.open(), createWriteStream(dest, { flags: 'wx' }));
            }
          }
          const check = await verifyPackage(target);
          if (opts.json)
            process.stdout.write(
              JSON.stringify({ ...done, out: target, verified: check.ok }) + '\n',
            );
          else {
            process.stdout.write(
              `reperto ${done.number} registrato: ${files.length} file in ${target}\n` +
                `verifica: ${check.ok ? 'pacchetto integro' : check.problems.join('; ')}\n`,
            );
          }
          return check.ok ? 0 : 1;
        }),
    );
}
