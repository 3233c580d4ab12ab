import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { SYNC_KEYS } from '../../../../../electron/core/catalog/local/mirror';
import { OutboxTable } from '../../../../../electron/core/catalog/local/outbox';
import { migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { catalogMigrations } from '../../../../../electron/core/catalog/remote/migrations';
import { PRUNE_LOCK_KEY } from '../../../../../electron/core/catalog/remote/prune';
import { housekeepIfDue, type HousekeepingResult } from '../../../../../electron/core/catalog/sync/housekeeping';
import { SyncService } from '../../../../../electron/core/catalog/sync/syncService';
import type { LocalDatabase } from '../../../../../electron/core/store/database';
import { connectTestDb, createThrowawayDatabase } from '../../../../support/postgres';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, localImages, mirrorCatalog, openMirror, remoteCatalog, seedCatalog, type RemoteFixture } from './helpers';

let remote: RemoteFixture;
let temp: ReturnType<typeof makeTempDir>;
let mirror: LocalDatabase;
let product: number;
/** The machine's clock, moved by the tests. */
let clock: Date;
const DAY = 86_400_000;
const T0 = Date.parse('2031-03-01T09:00:00.000Z');
const at = (ms: number) => (clock = new Date(ms));

beforeAll(() => {
  temp = makeTempDir('vitrina-housekeeping-');
});
afterAll(() => temp.remove());
beforeEach(async () => {
  remote = await createRemote();
  [product] = (await seedCatalog(remote.admin, { count: 2, images: 3 })) as [number];
  mirror = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
  at(T0);
});
afterEach(async () => {
  mirror.close();
  await remote.drop();
});

const states = () => Object.fromEntries((mirror.prepare('SELECT id, state FROM outbox').all() as { id: string; state: string }[]).map((r) => [r.id, r.state]));

describe('housekeeping after sync', () => {
  it('runs after a successful sync at most once a day, and forgets pushed edits older than 30 days', async () => {
    const runs: HousekeepingResult[] = [];
    const service = new SyncService({ db: mirror, connect: remote.connect, now: () => clock, onHousekeeping: (r) => runs.push(r) });
    await service.syncNow();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ doneEditsDeleted: 0, remote: { skipped: false }, error: null });
    expect(mirror.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(SYNC_KEYS.lastPruneAt)).toBe(new Date(T0).toISOString());

    // An edit pushed at T0; later the same day, no second run.
    const edits = new CatalogEdits(mirror, { now: () => clock });
    const old = edits.setAltText(localImages(mirror, product)[0]!.id, { altText: 'pushed at T0' });
    at(T0 + 3_600_000);
    expect(await service.syncNow()).toMatchObject({ pushed: 1, error: null });
    expect(runs).toHaveLength(1);

    // 31 days later: another edit pushed now; the run forgets the old one only.
    at(T0 + 31 * DAY);
    const recent = edits.setAltText(localImages(mirror, product)[1]!.id, { altText: 'pushed at T0 + 31 days' });
    await service.syncNow();
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ doneEditsDeleted: 1, error: null });
    expect(states()).toEqual({ [recent.id]: 'done' });
    expect(new OutboxTable(mirror).get(old.id)).toBeUndefined();
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));

    // A day later it is due again; a failed sync never runs it.
    at(T0 + 32 * DAY);
    const failing = new SyncService({ db: mirror, connect: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')), now: () => clock, onHousekeeping: (r) => runs.push(r) });
    expect((await failing.syncNow()).error).toMatchObject({ kind: 'unreachable' });
    expect(runs).toHaveLength(2);
    await service.syncNow();
    expect(runs).toHaveLength(3);
  });

  it('never forgets pending or conflicted edits, however old', async () => {
    await new SyncService({ db: mirror, connect: remote.connect, now: () => clock }).syncNow();
    const [first, second, third] = localImages(mirror, product).map((i) => i.id) as [string, string, string];
    const edits = new CatalogEdits(mirror, { now: () => clock });
    const done = edits.setAltText(first, { altText: 'done' });
    const conflicted = edits.setAltText(second, { altText: 'mine' });
    // Another machine changed the second photo first: that edit ends conflicted.
    await remote.admin.query(`UPDATE product_images SET alt_text = 'theirs' WHERE id = $1`, [second]);
    await new SyncService({ db: mirror, connect: remote.connect, now: () => clock }).syncNow();
    // Made at T0 and still pending (this machine has not synced since).
    const pending = edits.setAltText(third, { altText: 'not pushed yet' });
    expect(states()).toEqual({ [done.id]: 'done', [conflicted.id]: 'conflicted', [pending.id]: 'pending' });

    at(T0 + 400 * DAY);
    const client = await remote.connect();
    try {
      expect(await housekeepIfDue(client, mirror, { now: clock, remoteSchema: catalogMigrations.at(-1)!.version })).toMatchObject({ doneEditsDeleted: 1, error: null });
    } finally {
      await client.end();
    }
    expect(states()).toEqual({ [conflicted.id]: 'conflicted', [pending.id]: 'pending' });
  });

  it('skips the remote prune while another machine holds the prune lock, and counts the day as done', async () => {
    await remote.admin.query('SELECT pg_advisory_lock($1::bigint)', [PRUNE_LOCK_KEY]);
    const client = await remote.connect();
    try {
      const result = await housekeepIfDue(client, mirror, { now: clock, remoteSchema: 40 });
      expect(result).toMatchObject({ doneEditsDeleted: 0, remote: { skipped: true }, error: null });
      // Recorded all the same: another machine is doing the remote part today.
      expect(await housekeepIfDue(client, mirror, { now: new Date(T0 + DAY - 1), remoteSchema: 40 })).toBeNull();
    } finally {
      await client.end();
      await remote.admin.query('SELECT pg_advisory_unlock($1::bigint)', [PRUNE_LOCK_KEY]);
    }
  });

  it('asks for `vitrina db migrate` on a database of an older schema, and prunes nothing there', async () => {
    const old = await createThrowawayDatabase();
    const admin = await connectTestDb(old.name);
    try {
      await migrateCatalog(admin, { withProducts: true, migrations: catalogMigrations.filter((m) => m.version <= 40) });
      await seedCatalog(admin, { count: 2, images: 1 });
      const runs: HousekeepingResult[] = [];
      const service = new SyncService({ db: mirror, connect: () => connectTestDb(old.name), now: () => clock, onHousekeeping: (r) => runs.push(r) });
      const report = await service.syncNow();
      expect(report).toMatchObject({ pulled: null, error: { kind: 'not-configured' } });
      expect(report.error!.message).toMatch(/older version \(40; sync needs 50\).*vitrina db migrate/);
      expect(runs).toEqual([]);
    } finally {
      await admin.end();
      await old.drop();
    }
  });
});
