import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { OutboxTable } from '../../../../../electron/core/catalog/local/outbox';
import { pruneRemote } from '../../../../../electron/core/catalog/remote/prune';
import { pullCatalog } from '../../../../../electron/core/catalog/sync/pull';
import { pushOutbox } from '../../../../../electron/core/catalog/sync/push';
import type { LocalDatabase } from '../../../../../electron/core/store/database';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, eventually, localImages, mirrorCatalog, openMirror, pauseBefore, remoteCatalog, remoteImages, seedCatalog, type RemoteFixture } from './helpers';

let remote: RemoteFixture;
let temp: ReturnType<typeof makeTempDir>;
let mirror: LocalDatabase;
let client: pg.Client;
let pruner: pg.Client;

beforeAll(() => {
  temp = makeTempDir('vitrina-prune-');
});
afterAll(() => temp.remove());
beforeEach(async () => {
  remote = await createRemote();
  client = await remote.connect();
  pruner = await remote.connect();
  mirror = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
});
afterEach(async () => {
  mirror.close();
  await Promise.all([client, pruner].map((c) => c.end().catch(() => {})));
  await remote.drop();
});

const changeCount = async () => (await remote.admin.query('SELECT count(*)::int AS n FROM vitrina_changes')).rows[0].n as number;
/** Prunes every change there is (as if all were older than the retention), retrying while another test file holds the xmin back. */
const pruneEverything = () =>
  eventually(async () => {
    await pruneRemote(pruner, { olderThan: new Date(Date.now() + 3_600_000) });
    return (await changeCount()) === 0;
  });

describe('pull after a prune', () => {
  it('reloads everything when the watermark is below the horizon: deletions made meanwhile show, pending edits stay', async () => {
    const [gone, repriced, edited] = (await seedCatalog(remote.admin, { count: 4, images: 2, reviews: true })) as [number, number, number];
    const first = await pullCatalog(client, mirror);
    // The machine goes offline with an edit; meanwhile the shop deletes one product and reprices another…
    const photo = localImages(mirror, edited)[0]!.id;
    new CatalogEdits(mirror).setAltText(photo, { altText: 'made offline' });
    await remote.admin.query('DELETE FROM products WHERE id = $1', [gone]);
    await remote.admin.query('UPDATE products SET price = 77 WHERE id = $1', [repriced]);
    // …and after the retention, those changes are pruned: the deletion is no longer in vitrina_changes.
    await pruneEverything();
    const horizon = (await remote.admin.query('SELECT changes_horizon::text AS h FROM vitrina_database')).rows[0].h as string;
    expect(BigInt(first.watermark)).toBeLessThan(BigInt(horizon));

    const back = await pullCatalog(client, mirror);
    expect(back.full).toBe(true);
    expect(mirror.prepare('SELECT count(*) FROM products WHERE id = ?').pluck().get(gone)).toBe(0);
    // Equal to PostgreSQL, except the pending edit, replayed over the reloaded rows.
    const expected = await remoteCatalog(remote.admin);
    expected.images = expected.images.map((i) => (i.id === photo ? { ...i, alt_text: 'made offline' } : i));
    expect(mirrorCatalog(mirror)).toEqual(expected);

    // The edit is still queued: pushing it makes both sides equal; the next pull is incremental again.
    expect(await pushOutbox(client, mirror)).toMatchObject({ pushed: 1, conflicts: 0 });
    expect((await pullCatalog(client, mirror)).full).toBe(false);
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
    expect((await remoteImages(remote.admin, edited))[0]!.alt_text).toBe('made offline');
  });

  it('misses nothing when a prune deletes the changes a running pull is reading', async () => {
    const [a, b] = (await seedCatalog(remote.admin, { count: 3, images: 2 })) as [number, number];
    await pullCatalog(client, mirror);
    await remote.admin.query('UPDATE products SET name = $2 WHERE id = $1', [a, 'Renombrado']);
    await remote.admin.query('DELETE FROM products WHERE id = $1', [b]);
    await seedCatalog(remote.admin, { count: 1, images: 3, prefix: 'NEW' });

    // The pull has its snapshot (its first statement read the watermark) and stops before it reads the
    // horizon; another machine prunes every change the pull is about to read, and commits.
    const paused = pauseBefore(client, /AS horizon/);
    const pulling = pullCatalog(paused.client, mirror);
    await paused.reached;
    await pruneEverything();
    paused.release();
    const result = await pulling;

    // Its snapshot predates the prune: old horizon, all the changes. Nothing was missed.
    expect(result.full).toBe(false);
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
    // Later pulls stay right whichever way they go (a reload if the watermark fell below the new horizon).
    await remote.admin.query('UPDATE products SET price = 5 WHERE id = $1', [a]);
    await pullCatalog(client, mirror);
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
  });

  it('reloads when a prune is half-way: the horizon is committed before the first change below it is deleted', async () => {
    const [a] = (await seedCatalog(remote.admin, { count: 2, images: 1 })) as [number];
    const first = await pullCatalog(client, mirror);
    await remote.admin.query('DELETE FROM products WHERE id = $1', [a]);
    // The prune stops right before its first delete, its horizon already raised and committed.
    const paused = pauseBefore(pruner, /^DELETE FROM vitrina_changes/);
    const pruning = pruneRemote(paused.client, { olderThan: new Date(Date.now() + 3_600_000) });
    await paused.reached;
    const horizon = (await remote.admin.query('SELECT changes_horizon::text AS h FROM vitrina_database')).rows[0].h as string;
    const during = await pullCatalog(client, mirror);
    paused.release();
    await pruning;
    // Below the horizon (the usual case) it reloads; above it (another test file held the xmin back, so the
    // horizon stayed low) nothing it needs is deleted. Either way the mirror ends right.
    expect(during.full).toBe(BigInt(first.watermark) < BigInt(horizon));
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
  });
});

describe('push after its op id was pruned', () => {
  it('refuses an edit applied before a crash and re-pushed after the id expired: a conflict, never a second application', async () => {
    const [product] = (await seedCatalog(remote.admin, { count: 1, images: 2 })) as [number];
    await pullCatalog(client, mirror);
    const photo = localImages(mirror, product)[0]!.id;
    const entry = new CatalogEdits(mirror).setAltText(photo, { altText: 'pushed once' });
    expect(await pushOutbox(client, mirror)).toMatchObject({ pushed: 1 });
    const applied = (await remoteImages(remote.admin, product))[0]!;
    // The machine crashed between the server's COMMIT and marking the edit done, and stayed off for months.
    mirror.prepare(`UPDATE outbox SET state = 'pending', resolution = NULL WHERE id = ?`).run(entry.id);
    await remote.admin.query(`UPDATE vitrina_applied_ops SET applied_at = now() - interval '200 days'`);
    expect((await pruneRemote(pruner)).appliedOpsDeleted).toBe(1);

    expect(await pushOutbox(client, mirror)).toMatchObject({ pushed: 0, alreadyApplied: 0, conflicts: 1 });
    // The edit's base version is the one before its first application: the photo did not change again.
    expect((await remoteImages(remote.admin, product))[0]).toEqual(applied);
    expect(new OutboxTable(mirror).get(entry.id)!.state).toBe('conflicted');
    expect((await remote.admin.query('SELECT count(*)::int AS n FROM vitrina_applied_ops')).rows[0].n).toBe(0);
  });
});
