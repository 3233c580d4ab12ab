import crypto from 'node:crypto';
import pg from 'pg';

/** The local test server (trust auth on 127.0.0.1, see .ci/run); override with VITRINA_TEST_PG_*. */
export const testPg = {
  host: process.env.VITRINA_TEST_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.VITRINA_TEST_PG_PORT ?? 5432),
  user: process.env.VITRINA_TEST_PG_USER ?? 'postgres',
};

/** Creates a throwaway database with a random name; `drop()` removes it (and any open connections). */
export async function createThrowawayDatabase(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `vitrina_test_${crypto.randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  return { name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ ...testPg, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A connected client on a (throwaway) database of the test server; the caller ends it. */
export async function connectTestDb(database: string): Promise<pg.Client> {
  const client = new pg.Client({ ...testPg, database });
  await client.connect();
  return client;
}
