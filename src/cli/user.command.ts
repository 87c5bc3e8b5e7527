import type { Command } from 'commander';
import { NewUserSchema, PasswordInputSchema } from '../modules/auth/auth.schemas.js';
import { ROLES } from '../modules/auth/permissions.js';
import { cliActor, readStdin, withCore } from './cli-context.js';

async function passwordFrom(option: string | undefined): Promise<string> {
  const value = option === '-' ? await readStdin() : (option ?? process.env.VEDETTA_PASSWORD);
  if (!value)
    throw new Error(
      'password mancante: usare --password P, --password - (da stdin) o VEDETTA_PASSWORD',
    );
  return PasswordInputSchema.parse(value);
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage personal user accounts');

  user
    .command('add')
    .description(
      'create a user account (the first admin is created this way or with the setup link)',
    )
    .requiredOption('--username <username>', 'login name (3-64 chars: a-z 0-9 . _ -)')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--password <password>', 'initial password; "-" reads it from standard input')
    .option('--name <displayName>', 'full name (defaults to the username)')
    .option('--email <email>', 'e-mail address')
    .option('--must-change', 'require a password change at first login', false)
    .action(
      (opts: {
        username: string;
        role: string;
        password?: string;
        name?: string;
        email?: string;
        mustChange: boolean;
      }) =>
        withCore(async (core) => {
          const input = NewUserSchema.parse({
            username: opts.username,
            role: opts.role,
            displayName: opts.name ?? opts.username,
            password: await passwordFrom(opts.password),
            ...(opts.email && { email: opts.email }),
          });
          const created = await core.users.create(cliActor(), input, {
            mustChangePassword: opts.mustChange,
          });
          process.stdout.write(`utente creato: ${created.username} (${created.role})\n`);
        }),
    );

  user
    .command('list')
    .description('list user accounts')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withCore(async (core) => {
        const users = await core.users.list();
        if (opts.json) {
          process.stdout.write(JSON.stringify(users, null, 2) + '\n');
          return;
        }
        for (const u of users) {
          const flags = [
            u.status,
            u.totpEnabled ? '2fa' : '',
            u.lockedUntil ? `bloccato fino a ${u.lockedUntil}` : '',
          ].filter(Boolean);
          process.stdout.write(
            `${u.username.padEnd(24)} ${u.role.padEnd(16)} ${flags.join(', ')}\n`,
          );
        }
      }),
    );

  user
    .command('disable')
    .description('disable an account and end its sessions')
    .argument('<username>')
    .action((username: string) =>
      withCore(async (core) => {
        const target = await core.users.getByUsername(username);
        await core.users.disable(cliActor(), target.id);
        process.stdout.write(`utente disabilitato: ${target.username}\n`);
      }),
    );

  user
    .command('enable')
    .description('enable a disabled account')
    .argument('<username>')
    .action((username: string) =>
      withCore(async (core) => {
        const target = await core.users.getByUsername(username);
        await core.users.enable(cliActor(), target.id);
        process.stdout.write(`utente abilitato: ${target.username}\n`);
      }),
    );

  user
    .command('reset-password')
    .description('set a temporary password (changed at next login) and lift any lockout')
    .argument('<username>')
    .option('--password <password>', 'new password; "-" reads it from standard input')
    .action((username: string, opts: { password?: string }) =>
      withCore(async (core) => {
        const target = await core.users.getByUsername(username);
        await core.users.resetPassword(cliActor(), target.id, await passwordFrom(opts.password));
        process.stdout.write(
          `password reimpostata per ${target.username}: dovrà cambiarla al prossimo accesso\n`,
        );
      }),
    );
}
