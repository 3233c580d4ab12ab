import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CredentialStatus } from '../../../shared/credentials';
import type { ConnectionCheck } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { Core } from '../../core/createCore';
import { toAppError } from '../../core/errors';
import { databaseFile } from '../../core/paths';
import { EXIT, mark } from '../io';
import type { CliContext } from '../main';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/**
 * `vitrina doctor`: one line per part Vitrina depends on — data folder, local database, keychain, S3,
 * PostgreSQL — each ✔ or ✖ with the fix. Exits 1 when anything is ✖. Checks run even when an earlier one
 * fails, so one run shows everything that needs attention.
 */
export function registerDoctor(program: Command, context: () => CliContext): void {
  program
    .command('doctor')
    .description('check the data folder, local database, keychain, S3 and PostgreSQL')
    .action(async () => {
      const ctx = context();
      const checks: Check[] = [checkDataFolder(ctx.dataDir)];
      let core;
      try {
        core = ctx.core();
        checks.push({ check: 'Local database', ok: true, detail: databaseFile(ctx.dataDir) });
      } catch (error) {
        checks.push({ check: 'Local database', ok: false, detail: toAppError(error).message });
      }
      if (core) {
        const status = await core.dispatch('getCredentialStatus', undefined);
        checks.push(keychainCheck(status as Result<CredentialStatus>));
        const s3 = (await core.dispatch('testS3Connection', undefined)) as Result<ConnectionCheck>;
        checks.push(connectionCheck('S3', s3));
        if (s3.ok) checks.push(await permissionsCheck(core));
        checks.push(connectionCheck('PostgreSQL', (await core.dispatch('testDbConnection', undefined)) as Result<ConnectionCheck>));
      }
      const width = Math.max(...checks.map((c) => c.check.length));
      ctx.output(checks, checks.map((c) => `${mark(c.ok)} ${c.check.padEnd(width)}  ${c.detail}`).join('\n'));
      if (checks.some((c) => !c.ok)) ctx.setExitCode(EXIT.failure);
    });
}

function checkDataFolder(dataDir: string): Check {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.doctor-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return { check: 'Data folder', ok: true, detail: `${dataDir} (writable)` };
  } catch (error) {
    return {
      check: 'Data folder',
      ok: false,
      detail: `${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix its permissions or choose another folder with --data-dir or VITRINA_DATA_DIR.`,
    };
  }
}

function keychainCheck(result: Result<CredentialStatus>): Check {
  if (!result.ok) return { check: 'Keychain', ok: false, detail: result.error.message };
  const { keychain, aws, db } = result.value;
  if (!keychain.available) return { check: 'Keychain', ok: false, detail: keychain.message };
  const stored = [aws.configured ? `AWS ${aws.maskedAccessKeyId}` : 'no AWS key', db.configured ? 'database password' : 'no database password'];
  return { check: 'Keychain', ok: true, detail: `available; ${stored.join(', ')}` };
}

/** Tries each action of the minimal IAM policy (README → Least privilege) under the key prefix. */
async function permissionsCheck(core: Core): Promise<Check> {
  const settings = core.workspace.effectiveSettings();
  const credentials = await core.workspace.loadS3Credentials();
  if (!credentials) return { check: 'S3 permissions', ok: false, detail: 'not checked: no AWS credentials are saved.' };
  const { checkS3Permissions } = await import('../../core/connections/s3Permissions');
  const { createS3Client } = await import('../../core/connections/s3Client');
  const client = createS3Client(settings, credentials, { maxAttempts: 1 });
  try {
    const results = await checkS3Permissions(client, settings['s3.bucket'], settings['s3.keyPrefix']);
    const missing = results.filter((r) => !r.ok);
    return missing.length
      ? { check: 'S3 permissions', ok: false, detail: `${missing.map((m) => `${m.permission} (${m.detail})`).join('; ')}. Add them to the IAM policy (see README → Least privilege).` }
      : { check: 'S3 permissions', ok: true, detail: `all ${results.length} actions allowed under "${settings['s3.keyPrefix']}"` };
  } catch (error) {
    return { check: 'S3 permissions', ok: false, detail: `not checked: ${toAppError(error).message}` };
  } finally {
    client.destroy();
  }
}

function connectionCheck(name: string, result: Result<ConnectionCheck>): Check {
  return result.ok
    ? { check: name, ok: true, detail: `${result.value.target} answered in ${result.value.latencyMs} ms` }
    : { check: name, ok: false, detail: result.error.message };
}
