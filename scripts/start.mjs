#!/usr/bin/env node
// `npm start`: the Electron app in development (electron-vite dev: Vite dev server for the renderer, main
// and preload rebuilt on change). Checks first that there is an Electron binary and a better-sqlite3
// built for it, because without them the window cannot open and the error would be far less clear.
//
// Arguments: `--data-dir <dir>` and anything after `--` go to the app; the rest go to electron-vite
// (e.g. `npm start -- --inspect --data-dir /tmp/shop`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

if (!electronBinary()) {
  console.error(`Vitrina: the Electron binary is not installed (node_modules/electron has no downloaded app).

It is skipped when dependencies were installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1. To get it, either
  npm install                          (without ELECTRON_SKIP_BINARY_DOWNLOAD set), or
  node node_modules/electron/install.js
Both download it from github.com. Then run \`npm start\` again.

Without Electron you can still run the same UI in a browser: npm run dev:web`);
  process.exit(1);
}

// The Electron binary is present, so a skip requested for installs does not apply here.
const nativeEnv = { ...process.env };
delete nativeEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
const native = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: nativeEnv,
});
if (native.status !== 0) process.exit(native.status ?? 1);

const { viteArgs, appArgs } = splitArgs(process.argv.slice(2));
const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(
  process.execPath,
  [electronVite, 'dev', ...viteArgs, ...(appArgs.length > 0 ? ['--', ...appArgs] : [])],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** The downloaded Electron executable, found the way the `electron` package and electron-vite find it. */
function electronBinary() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return fs.existsSync(override) ? override : undefined;
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const executable = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(executable) ? executable : undefined;
}

function splitArgs(args) {
  const viteArgs = [];
  const appArgs = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      appArgs.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--data-dir' && i + 1 < args.length) appArgs.push(arg, args[++i]);
    else if (arg.startsWith('--data-dir=')) appArgs.push(arg);
    else viteArgs.push(arg);
  }
  return { viteArgs, appArgs };
}
