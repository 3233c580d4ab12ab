import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/createCore';
import { makeTestCore } from '../../../support/core';
import { createThrowawayDatabase, testPg } from '../../../support/postgres';

let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let core: Core;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  db = await createThrowawayDatabase();
  ({ core, cleanup } = makeTestCore());
});
afterAll(async () => {
  await cleanup();
  await db.drop();
});

const configure = (patch: Record<string, unknown>) =>
  core.dispatch('updateSettings', { 'db.host': testPg.host, 'db.port': testPg.port, 'db.user': testPg.user, 'db.database': db.name, 'db.sslmode': 'disable', ...patch });
const testDb = () => core.dispatch('testDbConnection', undefined);

describe('Test database connection against a real PostgreSQL', () => {
  it('says what is missing before anything is configured', async () => {
    expect(await testDb()).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
  });

  it('succeeds with SELECT 1 on the configured database', async () => {
    await configure({});
    // The password the local server wants, if any (.ci/run sets one on a stock Debian install).
    await core.dispatch('setDbPassword', { password: process.env.PGPASSWORD ?? 'unused-with-trust-auth' });
    const result = await testDb();
    expect(result).toMatchObject({ ok: true, value: { target: `${testPg.user}@${testPg.host}:${testPg.port}/${db.name}` } });
  });

  it('falls back to plain text under sslmode=prefer when the server has no TLS', async () => {
    await configure({ 'db.sslmode': 'prefer' });
    expect(await testDb()).toMatchObject({ ok: true });
  });

  it('maps sslmode=require against a server without TLS to tls', async () => {
    await configure({ 'db.sslmode': 'require' });
    expect(await testDb()).toMatchObject({ ok: false, error: { kind: 'tls', message: expect.stringMatching(/SSL mode/) } });
  });

  it('maps a closed port to unreachable', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve)); // nothing listens there any more
    await configure({ 'db.port': port });
    expect(await testDb()).toMatchObject({ ok: false, error: { kind: 'unreachable', message: expect.stringContaining(`127.0.0.1:${port}`) } });
  });

  it('maps a missing database to no-database', async () => {
    await configure({ 'db.database': 'vitrina_no_such_db' });
    expect(await testDb()).toMatchObject({ ok: false, error: { kind: 'no-database' } });
  });

  it('maps an unknown user to auth', async () => {
    await configure({ 'db.user': 'vitrina_no_such_role' });
    expect(await testDb()).toMatchObject({ ok: false, error: { kind: 'auth' } });
  });
});
