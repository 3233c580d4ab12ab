import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { SYNC_KEYS } from '../../../../../electron/core/catalog/local/mirror';
import { migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { catalogMigrations } from '../../../../../electron/core/catalog/remote/migrations';
import { SyncService, type SyncReport } from '../../../../../electron/core/catalog/sync/syncService';
import type { LocalDatabase } from '../../../../../electron/core/store/database';
import { connectTestDb, createThrowawayDatabase } from '../../../../support/postgres';
import { makeTempDir } from '../../../../support/tempDir';
import { closedPortConnect, createRemote, eventually, localImages, mirrorCatalog, openMirror, remoteCatalog, remoteImages, seedCatalog, type RemoteFixture } from './helpers';

let remote: RemoteFixture;
let temp: ReturnType<typeof makeTempDir>;
let mirror: LocalDatabase;
let down: () => Promise<pg.Client>;
let product: number;

beforeAll(async () => {
  temp = makeTempDir('vitrina-syncservice-');
  down = await closedPortConnect();
});
afterAll(() => temp.remove());
beforeEach(async () => {
  remote = await createRemote();
  [product] = (await seedCatalog(remote.admin, { count: 3, images: 3 })) as [number];
  mirror = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
});
afterEach(async () => {
  mirror.close();
  await remote.drop();
});

const state = (key: string) => mirror.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(key) as string | undefined;

describe('SyncService', () => {
  it('pushes, then pulls, and records the time of the last sync', async () => {
    const service = new SyncService({ db: mirror, connect: remote.connect });
    const first = await service.syncNow();
    expect(first).toMatchObject({ pushed: 0, conflicts: 0, pulled: { full: true, upserts: 3 + 9 }, pending: 0, error: null });
    const image = localImages(mirror, product)[1]!.id;
    new CatalogEdits(mirror).setPrimaryImage(image);
    const second = await service.syncNow();
    expect(second).toMatchObject({ pushed: 1, conflicts: 0, pulled: { full: false }, pending: 0, error: null });
    expect(second.durationMs).toBeGreaterThanOrEqual(0);
    expect(state(SYNC_KEYS.lastSuccessAt)).toBe(second.finishedAt);
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
  });

  it('never runs two syncs at once: a second caller gets the running sync’s report', async () => {
    let connects = 0;
    const service = new SyncService({ db: mirror, connect: () => (connects++, remote.connect()) });
    const [a, b] = await Promise.all([service.syncNow(), service.syncNow()]);
    expect(a).toBe(b);
    expect(connects).toBe(1);
    await service.syncNow();
    expect(connects).toBe(2);
  });

  it('keeps offline edits pending and says "unreachable"; once PostgreSQL is back they are applied in order', async () => {
    await new SyncService({ db: mirror, connect: remote.connect }).syncNow();
    const edits = new CatalogEdits(mirror);
    const order = localImages(mirror, product).map((i) => i.id);
    const offline = new SyncService({ db: mirror, connect: down });
    // Edits made with the server down: the mirror shows them, the outbox keeps them in order.
    edits.setAltText(order[0]!, { altText: 'first' });
    edits.reorderImages(product, [order[2]!, order[0]!, order[1]!]);
    edits.setAltText(order[0]!, { altText: 'second' });
    edits.deleteImage(order[1]!);
    const report = await offline.syncNow();
    expect(report).toMatchObject({ pushed: 0, pulled: null, pending: 4, error: { kind: 'unreachable' } });
    expect(report.error!.message).toMatch(/offline/);
    expect(JSON.parse(state(SYNC_KEYS.lastError)!)).toMatchObject({ kind: 'unreachable' });
    expect(edits.counts()).toEqual({ pending: 4, conflicted: 0, done: 0 });
    expect(localImages(mirror, product).map((i) => [i.id, i.alt_text])).toEqual([
      [order[2], 'Vista 3'],
      [order[0], 'second'],
    ]);

    const back = await new SyncService({ db: mirror, connect: remote.connect }).syncNow();
    expect(back).toMatchObject({ pushed: 4, conflicts: 0, pending: 0, error: null });
    expect((await remoteImages(remote.admin, product)).map((i) => [i.id, i.position, i.alt_text])).toEqual([
      [order[2], 1, 'Vista 3'],
      [order[0], 2, 'second'],
    ]);
    expect(state(SYNC_KEYS.lastError)).toBeUndefined();
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
  });

  it('retries with backoff while PostgreSQL is down and syncs by itself when it answers again', async () => {
    let serverUp = false;
    const reports: SyncReport[] = [];
    const service = new SyncService({ db: mirror, connect: () => (serverUp ? remote.connect() : down()), onReport: (r) => reports.push(r) });
    service.start({ intervalMs: 60_000, retryMs: 20, maxRetryMs: 100 });
    await eventually(() => reports.length >= 3);
    expect(reports.every((r) => r.error?.kind === 'unreachable')).toBe(true);
    serverUp = true;
    await eventually(() => reports.at(-1)?.error === null, 5_000);
    expect(reports.at(-1)).toMatchObject({ pulled: { full: true } });
    const count = reports.length;
    // Back to the normal interval (a minute here): no further syncs right away.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reports.length).toBe(count);
    await service.stop();
  });

  it('syncs at once when told the connection returned, and stops cleanly', async () => {
    const reports: SyncReport[] = [];
    const service = new SyncService({ db: mirror, connect: remote.connect, onReport: (r) => reports.push(r) });
    service.start({ intervalMs: 60_000 });
    await eventually(() => reports.length === 1);
    service.connectionReturned();
    await eventually(() => reports.length === 2);
    await service.stop();
    service.connectionReturned();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reports.length).toBe(2);
  });

  it('asks for `vitrina db migrate` when the database lacks the sync tables, keeping edits queued', async () => {
    const old = await createThrowawayDatabase();
    const admin = await connectTestDb(old.name);
    try {
      await migrateCatalog(admin, { withProducts: true, migrations: catalogMigrations.filter((m) => m.version < 30) });
      const report = await new SyncService({ db: mirror, connect: () => connectTestDb(old.name) }).syncNow();
      expect(report.error).toMatchObject({ kind: 'not-configured', message: expect.stringContaining('vitrina db migrate') });
    } finally {
      await admin.end();
      await old.drop();
    }
  });
});
