import { Command, CommanderError } from 'commander';
import { createCore, type Core } from '../core/createCore';
import { toAppError } from '../core/errors';
import { resolveDataDir } from '../core/paths';
import { version } from '../core/version';
import { registerCatalog } from './commands/catalog';
import { registerConfig } from './commands/config';
import { registerCredentials, SECRET_FLAGS } from './commands/credentials';
import { registerDb } from './commands/db';
import { registerDoctor } from './commands/doctor';
import { registerSync } from './commands/sync';
import { registerReconcile } from './commands/reconcile';
import { registerUploads } from './commands/uploads';
import { CliExit, EXIT, type CliIo } from './io';

/** What every command gets: the core (opened on first use), output helpers and the exit code. */
export interface CliContext {
  io: CliIo;
  dataDir: string;
  json: boolean;
  core(): Core;
  /** Prints `value` as JSON under --json, else the human text. */
  output(value: unknown, text: string): void;
  setExitCode(code: number): void;
}

/**
 * `vitrina`: the same core as the app and dev:web, driven from a terminal. Returns the exit code:
 * 0 ok, 1 failure, 2 usage error.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const secretFlag = argv.find((arg) => SECRET_FLAGS.includes(arg.split('=')[0]!));
  if (secretFlag) {
    io.stderr.write(
      `✖ ${secretFlag.split('=')[0]} is not accepted: secrets on the command line end up in shell history and process lists. Pipe the secret on stdin instead, e.g. printf '%s' "$SECRET" | vitrina credentials set aws --access-key-id ID\n`,
    );
    return EXIT.usage;
  }

  let exitCode: number = EXIT.ok;
  let core: Core | undefined;
  const program = new Command('vitrina')
    .description('Vitrina: product photos to S3, catalog in PostgreSQL — command line')
    .version(version)
    .option('--data-dir <dir>', 'data folder (default: VITRINA_DATA_DIR or the app\'s per-user folder)')
    .option('--json', 'print machine-readable JSON')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showSuggestionAfterError();

  const context = (): CliContext => {
    const options = program.opts<{ dataDir?: string; json?: boolean }>();
    const dataDir = resolveDataDir(options.dataDir);
    return {
      io,
      dataDir,
      json: Boolean(options.json),
      core: () => (core ??= createCore({ dataDir, transport: 'web', systemLocale: Intl.DateTimeFormat().resolvedOptions().locale })),
      output: (value, text) => io.stdout.write(`${options.json ? JSON.stringify(value, null, 2) : text}\n`),
      setExitCode: (code) => {
        exitCode = Math.max(exitCode, code);
      },
    };
  };
  registerConfig(program, context);
  registerCredentials(program, context);
  registerDoctor(program, context);
  registerDb(program, context);
  registerCatalog(program, context);
  registerSync(program, context);
  registerUploads(program, context);
  registerReconcile(program, context);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = exitCodeFor(error, io);
  } finally {
    await core?.close();
  }
  return exitCode;
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return benign.includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliExit) {
    io.stderr.write(`✖ ${error.message}\n`);
    return error.code;
  }
  io.stderr.write(`✖ ${toAppError(error).message}\n`);
  return EXIT.failure;
}
