import type { Command } from 'commander';
import type pg from 'pg';
import { migrateCatalog } from '../../core/catalog/remote/migrate';
import { MAX_SYNTHETIC, seedSample, seedSynthetic } from '../../core/catalog/remote/seed';
import { AppFailure } from '../../core/errors';
import { CliExit, EXIT, mark } from '../io';
import type { CliContext } from '../main';

/**
 * `vitrina db migrate [--with-products]` and `vitrina db seed --sample | --synthetic N`: set up and fill the
 * shop's PostgreSQL database configured under `db.*`, with the password from the keychain.
 */
export function registerDb(program: Command, context: () => CliContext): void {
  const db = program.command('db').description("set up the shop's PostgreSQL database for Vitrina");

  db.command('migrate')
    .description("create or update Vitrina's tables (photos, reviews, change tracking); safe to run again")
    .option('--with-products', 'for a new shop without a storefront: create a minimal products table if there is none')
    .action(async (options: { withProducts?: boolean }) => {
      const ctx = context();
      const { target, value } = await withShopDb(ctx, (client) => migrateCatalog(client, { withProducts: Boolean(options.withProducts) }));
      ctx.core().logger.log('info', 'db-migrated', { applied: value.applied, current: value.current });
      const lines = [
        ...(value.createdProducts ? [`${mark(true)} created a minimal products table`] : []),
        ...value.applied.map((name) => `${mark(true)} applied ${name}`),
        `${mark(true)} database is up to date (version ${value.current})`,
      ];
      ctx.output({ database: target, ...value }, lines.join('\n'));
    });

  db.command('seed')
    .description('add made-up products to a products table created by `db migrate --with-products`')
    .option('--sample', 'about 200 realistic hardware products (idempotent)')
    .option('--synthetic <n>', `n generated products SYN-000001…, for load tests (1–${MAX_SYNTHETIC})`)
    .action(async (options: { sample?: boolean; synthetic?: string }) => {
      const ctx = context();
      if (Boolean(options.sample) === (options.synthetic !== undefined))
        throw new CliExit(EXIT.usage, 'Choose exactly one of --sample or --synthetic N, e.g. `vitrina db seed --sample`.');
      const n = options.synthetic === undefined ? undefined : syntheticCount(options.synthetic);
      const kind = n === undefined ? 'sample' : 'synthetic';
      const { target, value } = await withShopDb(ctx, (client) => (n === undefined ? seedSample(client) : seedSynthetic(client, n)));
      ctx.core().logger.log('info', 'db-seeded', { kind, ...value });
      ctx.output({ database: target, seeded: kind, ...value }, `${mark(true)} seeded ${value.inserted} ${kind} products (${value.existing} already there)`);
    });
}

function syntheticCount(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SYNTHETIC)
    throw new CliExit(EXIT.usage, `--synthetic takes a whole number from 1 to ${MAX_SYNTHETIC}, not "${text}".`);
  return n;
}

/**
 * Runs `work` on a connection to the configured database (see `connectConfigured`: a keychain that cannot
 * be read does not block a server that needs no password). PostgreSQL errors that the catalog code did not
 * already explain (a dropped connection, a refused TLS handshake) get the same wording as "Test connection".
 */
async function withShopDb<T>(ctx: CliContext, work: (client: pg.Client) => Promise<T>): Promise<{ target: string; value: T }> {
  // pg loads on first use, as in the handlers: the other CLI commands start faster without it.
  const { classifyPgError, connectConfigured, describeDb } = await import('../../core/connections/testDb');
  const core = ctx.core();
  const settings = core.settings.getAll();
  const client = await connectConfigured(settings, () => core.credentials.getDbPassword());
  try {
    return { target: describeDb(settings), value: await work(client) };
  } catch (error) {
    throw error instanceof AppFailure ? error : classifyPgError(error, settings);
  } finally {
    await client.end().catch(() => {});
  }
}
