import type { Command } from 'commander';
import type { CredentialStatus } from '../../../shared/credentials';
import { CliExit, EXIT, mark, readSecretLines, unwrap } from '../io';
import type { CliContext } from '../main';

/** Options that would put a secret on the command line; refused before anything runs. */
export const SECRET_FLAGS = ['--secret-access-key', '--secret', '--session-token', '--password', '--pass'];

/** `vitrina credentials set aws|db`, `status`, `clear`: secrets go to the OS keychain, read from stdin. */
export function registerCredentials(program: Command, context: () => CliContext): void {
  const credentials = program.command('credentials').description('store secrets in the OS keychain');
  const set = credentials.command('set').description('store credentials (secrets are read from stdin)');

  set
    .command('aws')
    .description('AWS access key: the secret access key is read from stdin; an optional second line is a session token')
    .requiredOption('--access-key-id <id>', 'the access key ID (not secret), e.g. AKIAIOSFODNN7EXAMPLE')
    .action(async (options: { accessKeyId: string }) => {
      const ctx = context();
      const [secretAccessKey = '', sessionToken] = await readSecretLines(ctx.io, 'Secret access key: ');
      if (!secretAccessKey) throw new CliExit(EXIT.usage, 'No secret access key on stdin. Example: printf "%s" "$AWS_SECRET_ACCESS_KEY" | vitrina credentials set aws --access-key-id AKIA…');
      const status = unwrap(
        await ctx.core().dispatch('setAwsCredentials', {
          accessKeyId: options.accessKeyId,
          secretAccessKey,
          ...(sessionToken ? { sessionToken } : {}),
        }),
      ) as CredentialStatus;
      ctx.output(status, `${mark(true)} AWS credentials saved in the keychain (${status.aws.maskedAccessKeyId}).`);
    });

  set
    .command('db')
    .description('PostgreSQL password, read from stdin')
    .action(async () => {
      const ctx = context();
      const [password = ''] = await readSecretLines(ctx.io, 'PostgreSQL password: ');
      if (!password) throw new CliExit(EXIT.usage, 'No password on stdin. Example: printf "%s" "$PGPASSWORD" | vitrina credentials set db');
      const status = unwrap(await ctx.core().dispatch('setDbPassword', { password })) as CredentialStatus;
      ctx.output(status, `${mark(true)} PostgreSQL password saved in the keychain.`);
    });

  credentials
    .command('status')
    .description('show which credentials are stored (never the secrets); exits 1 if the keychain is unavailable')
    .action(async () => {
      const ctx = context();
      const status = unwrap(await ctx.core().dispatch('getCredentialStatus', undefined)) as CredentialStatus;
      ctx.output(status, describeStatus(status));
      if (!status.keychain.available) ctx.setExitCode(EXIT.failure);
    });

  credentials
    .command('clear [which]')
    .description('remove stored credentials: aws, db or all (default)')
    .action(async (which = 'all') => {
      const ctx = context();
      const status = unwrap(await ctx.core().dispatch('clearCredentials', { which })) as CredentialStatus;
      ctx.output(status, `${mark(true)} Cleared ${which === 'all' ? 'all credentials' : `${which} credentials`}.`);
    });
}

export function describeStatus(status: CredentialStatus): string {
  const keychain = status.keychain.available ? `${mark(true)} Keychain: available` : `${mark(false)} Keychain: ${status.keychain.message}`;
  const aws = status.aws.configured
    ? `${mark(true)} AWS: ${status.aws.maskedAccessKeyId}${status.aws.hasSessionToken ? ' (with session token)' : ''}`
    : `${mark(false)} AWS: not configured — vitrina credentials set aws --access-key-id ID`;
  const db = status.db.configured ? `${mark(true)} PostgreSQL password: configured` : `${mark(false)} PostgreSQL password: not configured — vitrina credentials set db`;
  return [keychain, aws, db].join('\n');
}
