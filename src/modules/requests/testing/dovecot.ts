import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** A throw-away Dovecot (Debian's dovecot-imapd) on a local port, for integration tests. */
export interface TestDovecot {
  port: number;
  user: string;
  pass: string;
  dir: string;
  url(folder?: string): string;
  log(): string;
  stop(): Promise<void>;
}

export const DOVECOT_BIN = '/usr/sbin/dovecot';

export function dovecotAvailable(): boolean {
  return spawnSync(DOVECOT_BIN, ['--version']).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const f = line?.split(':');
  return f ? { uid: Number(f[2]), gid: Number(f[3]) } : null;
}

async function greeting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.setTimeout(1000);
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('* OK'));
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

/**
 * Starts `dovecot -F -c CONFIG` in a temporary folder: passwd-file user, no TLS, an IMAP
 * listener on a free port of 127.0.0.1, maildir storage. As a normal user everything runs as
 * that user; as root (containers), Debian's `dovecot` and `dovenull` users take the roles
 * Dovecot refuses to give root.
 */
export async function startDovecot(): Promise<TestDovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vedetta-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'richieste';
  const pass = 'Segreta-Casella-2026';
  const me = userInfo();
  const root = me.uid === 0;
  const internal = root ? 'dovecot' : me.username;
  const login = root ? 'dovenull' : me.username;
  const owner = root ? (systemUser('dovecot') ?? { uid: 0, gid: 0 }) : { uid: me.uid, gid: me.gid };
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(path.join(dir, sub));
  if (root) {
    chownSync(path.join(dir, 'mail'), owner.uid, owner.gid);
    chownSync(path.join(dir, 'home'), owner.uid, owner.gid);
  }
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${pass}::::::\n`);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internal}
default_login_user = ${login}
mail_location = maildir:${dir}/mail/%u
mail_uid = ${owner.uid}
mail_gid = ${owner.gid}
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(conf, config);
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: 'ignore' });
  const logText = () => {
    try {
      return readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 15_000;
  while (!(await greeting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`dovecot did not start:\n${logText()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user,
    pass,
    dir,
    url: (folder = 'INBOX') => `imap://${user}:${pass}@127.0.0.1:${port}/${folder}`,
    log: logText,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
