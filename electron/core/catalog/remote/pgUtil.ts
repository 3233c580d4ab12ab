import type pg from 'pg';

/** The SQLSTATE of a PostgreSQL error (e.g. `55P03`); undefined for network and client-side errors. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The first line of an error's message: PostgreSQL's detail lines are for logs, not for people. */
export const firstLine = (error: unknown): string => ((error as Error | null)?.message ?? String(error)).split('\n')[0]!;

/** The connected database's name, for messages that must say which database they mean. */
export async function databaseName(client: pg.Client): Promise<string> {
  return (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
}

/** Runs `work` in a transaction on `client`: COMMIT when it resolves, ROLLBACK (and rethrow) when it throws. */
export async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
