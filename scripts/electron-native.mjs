#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron into .electron-native/better_sqlite3.node.
//
// Why a separate file: better-sqlite3 is a NAN/V8 addon, so a binary works in exactly one ABI. node_modules
// keeps the Node build (tests, the CLI and dev:web run under Node); the Electron shell passes this one as
// better-sqlite3's `nativeBinding`. keytar is N-API, so one binary serves both and needs nothing here.
//
// Usage: node scripts/electron-native.mjs [--optional] [--force]
//   --optional  failures print a warning and exit 0 (for postinstall); also implied by npm's postinstall.
//   --force     rebuild even when the existing binary matches the installed versions.
// Needs network access to github.com (prebuilt binary) or to electronjs.org (headers, then a C++ compiler).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.electron-native');
const outFile = path.join(outDir, 'better_sqlite3.node');
const infoFile = path.join(outDir, 'build-info.json');
const args = new Set(process.argv.slice(2));
const optional = args.has('--optional') || process.env.npm_lifecycle_event === 'postinstall';
const require = createRequire(path.join(root, 'package.json'));

const say = (message) => console.log(`[electron-native] ${message}`);

function giveUp(message) {
  console.error(`[electron-native] ${message}`);
  if (optional) {
    console.error('[electron-native] Continuing: tests, the CLI and `npm run dev:web` do not need this.');
    console.error('[electron-native] Run `npm run rebuild:electron` once you are online, before `npm start`.');
    process.exit(0);
  }
  process.exit(1);
}

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === 'true') {
  say('Skipped: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so there is no Electron to build for on this machine.');
  say('Tests, the CLI and `npm run dev:web` run under Node and do not need it.');
  process.exit(0);
}

const wanted = {
  electron: readVersion('electron'),
  betterSqlite3: readVersion('better-sqlite3'),
  platform: process.platform,
  arch: process.arch,
};
if (!args.has('--force') && isUpToDate()) {
  say(`Up to date: ${path.relative(root, outFile)} (Electron ${wanted.electron}, better-sqlite3 ${wanted.betterSqlite3}).`);
  process.exit(0);
}

// Build in a copy: rebuilding node_modules/better-sqlite3 in place would replace the Node binary that
// tests and the CLI load.
const sourceDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-electron-native-'));
// On 'exit' rather than in `finally`, so that giveUp()'s process.exit also removes the copy.
process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));
fs.cpSync(sourceDir, workDir, { recursive: true, filter: (src) => path.relative(sourceDir, src) !== 'build' });

say(`Building better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} (${wanted.platform}-${wanted.arch})…`);
if (!fetchPrebuilt() && !compileFromSource()) {
  giveUp(
    'Could not build better-sqlite3 for Electron: downloading a prebuilt binary (github.com) and compiling it ' +
      '(headers from electronjs.org, needs Python and a C++ compiler) both failed. Check your internet connection ' +
      'and the messages above, then run `npm run rebuild:electron`.',
  );
}
const binary = path.join(workDir, 'build', 'Release', 'better_sqlite3.node');
verifyInElectron(binary);
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(binary, `${outFile}.tmp`);
fs.renameSync(`${outFile}.tmp`, outFile);
fs.writeFileSync(infoFile, `${JSON.stringify(wanted, null, 2)}\n`);
say(`Done: ${path.relative(root, outFile)}`);

function readVersion(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return giveUp(`${name} is not installed; run \`npm install\` first.`);
  }
}

function isUpToDate() {
  if (!fs.existsSync(outFile) || !fs.existsSync(infoFile)) return false;
  try {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    return Object.entries(wanted).every(([key, value]) => info[key] === value);
  } catch {
    return false;
  }
}

/** The release binary better-sqlite3 publishes for each Electron ABI; no compiler needed. */
function fetchPrebuilt() {
  say('Trying a prebuilt binary…');
  const bin = path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  return run(process.execPath, [
    bin,
    '--runtime=electron',
    `--target=${wanted.electron}`,
    `--arch=${wanted.arch}`,
    `--platform=${wanted.platform}`,
    '--verbose',
  ], 5 * 60_000);
}

function compileFromSource() {
  say('No prebuilt binary; compiling from source with node-gyp…');
  return run(process.execPath, [
    nodeGypScript(),
    'rebuild',
    '--release',
    `--target=${wanted.electron}`,
    `--arch=${wanted.arch}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
    // Electron headers get a folder of their own so they never shadow Node's headers of the same number.
    `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
  ], 20 * 60_000);
}

/** The node-gyp that npm bundles, found the way npm itself exposes it. */
function nodeGypScript() {
  const inNpm = (npmDir) => path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const nodeDir = path.dirname(process.execPath);
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && inNpm(path.join(path.dirname(process.env.npm_execpath), '..')),
    inNpm(path.join(nodeDir, '..', 'lib', 'node_modules', 'npm')), // Unix installs
    inNpm(path.join(nodeDir, 'node_modules', 'npm')), // Windows installs
  ];
  const found = candidates.find((file) => file && fs.existsSync(file));
  return found ?? giveUp('node-gyp was not found (it ships with npm); install npm ≥ 7 or `npm install -g node-gyp`.');
}

/** When the Electron binary is installed, load the new module in it, as the app will. */
function verifyInElectron(binary) {
  let electron;
  try {
    electron = require('electron');
  } catch {
    say('Electron binary not installed; skipping the load test.');
    return;
  }
  if (typeof electron !== 'string' || !fs.existsSync(electron)) return;
  const check = "const D = require(process.argv[1]); new D(':memory:', { nativeBinding: process.argv[2] }).close();";
  const result = spawnSync(electron, ['-e', check, sourceDir, binary], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'inherit',
    timeout: 60_000,
  });
  if (result.status !== 0) giveUp('The built module does not load in Electron (see the error above).');
  say('Loads in Electron.');
}

function run(command, commandArgs, timeout) {
  const result = spawnSync(command, commandArgs, { cwd: workDir, stdio: 'inherit', timeout, env: process.env });
  if (result.error) say(`${path.basename(commandArgs[0] ?? command)}: ${result.error.message}`);
  return result.status === 0 && fs.existsSync(path.join(workDir, 'build', 'Release', 'better_sqlite3.node'));
}
