#!/usr/bin/env node
// `npm test`: typecheck, lint, then every vitest suite — inside a private D-Bus session with a throwaway,
// unlocked gnome-keyring, so the keychain tests use a real Secret Service and can never touch the
// developer's own keyring. Extra arguments go to vitest (e.g. `npm test -- test/shared`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const run = (cmd, cmdArgs, env = process.env) => {
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (process.platform === 'linux' && process.env.VITRINA_TEST_KEYRING !== 'ready') {
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
    console.error('npm test needs dbus-run-session and gnome-keyring-daemon (Debian: apt-get install dbus-x11 gnome-keyring libsecret-1-dev).');
    process.exit(1);
  }
  // A fresh keyring folder: gnome-keyring keeps keyrings under $XDG_DATA_HOME/keyrings.
  const keyringHome = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-keyring-'));
  const inner = 'printf vitrina-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec node "$0" "$@"';
  const status = run('dbus-run-session', ['--', 'sh', '-c', inner, process.argv[1], ...args], {
    ...process.env,
    XDG_DATA_HOME: keyringHome,
    VITRINA_TEST_KEYRING: 'ready',
  });
  fs.rmSync(keyringHome, { recursive: true, force: true });
  process.exit(status);
}

const steps = [
  ['npm', ['run', '--silent', 'typecheck']],
  ['npm', ['run', '--silent', 'lint']],
  ['npx', ['vitest', 'run', '--config', 'test/vitest.config.ts', ...args]],
];
for (const [cmd, cmdArgs] of steps) {
  const status = run(cmd, cmdArgs);
  if (status !== 0) process.exit(status);
}
