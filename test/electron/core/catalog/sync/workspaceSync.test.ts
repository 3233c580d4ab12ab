import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductDetail, ProductSummary } from '../../../../../shared/catalog';
import type { EventPayloads } from '../../../../../shared/ipc/contract';
import type { ConflictedEdit, SyncReport, SyncStatus } from '../../../../../shared/sync';
import type { Core } from '../../../../../electron/core/createCore';
import { makeTestCore } from '../../../../support/core';
import { testPg } from '../../../../support/postgres';
import { createRemote, eventually, remoteImages, seedCatalog, type RemoteFixture } from './helpers';

/**
 * Sync and edits through the contract, as the UI and the CLI reach them: the core's dispatcher on a real
 * store, a real PostgreSQL (throwaway database) and the real keychain.
 */
let core: Core;
let cleanup: () => Promise<void>;
let remote: RemoteFixture | undefined;
let events: { [E in keyof EventPayloads]?: EventPayloads[E][] };

const ok = async <T,>(pending: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> => {
  const result = await pending;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};

function listen(): void {
  events = {};
  for (const name of ['syncStatusChanged', 'catalogChanged'] as const)
    core.events.on(name, (payload) => ((events[name] ??= [] as never[]) as unknown[]).push(payload));
}

beforeEach(() => {
  ({ core, cleanup } = makeTestCore({ sync: { intervalMs: 60_000, pushDelayMs: 50 } }));
  listen();
});
afterEach(async () => {
  await cleanup();
  await remote?.drop();
  remote = undefined;
});

/** Points the core at a throwaway shop database with `count` products of 3 photos each. */
async function connectShop(count = 2): Promise<number[]> {
  remote = await createRemote();
  const ids = await seedCatalog(remote.admin, { count, images: 3 });
  await ok(core.dispatch('updateSettings', { 'db.host': testPg.host, 'db.port': testPg.port, 'db.user': testPg.user, 'db.database': remote.name, 'db.sslmode': 'disable' }));
  return ids;
}

describe('sync through the contract', () => {
  it('never syncs the demo workspace, but its edits work locally', async () => {
    expect(await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).toMatchObject({ state: 'demo', pendingEdits: 0, conflicts: 0 });
    const refused = await core.dispatch('syncNow', undefined);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/demo workspace is never synced/);

    const [product] = await ok<ProductSummary[]>(core.dispatch('listProducts', { limit: 1 }));
    const reviewed = await ok<ProductDetail>(core.dispatch('setReview', { productId: product!.id, status: 'needs_photos', note: 'falta la caja' }));
    expect(reviewed.review).toMatchObject({ status: 'needs_photos', note: 'falta la caja' });
    expect(events.catalogChanged).toContainEqual({ productIds: [product!.id] });
    expect(await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).toMatchObject({ state: 'demo', pendingEdits: 1 });
  });

  it('says what to set up when the shop has a bucket but no database', async () => {
    await ok(core.dispatch('updateSettings', { 's3.bucket': 'shop-photos' }));
    expect(await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).toMatchObject({ state: 'not-configured' });
    const refused = await core.dispatch('syncNow', undefined);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
  });

  it('pulls the shop catalog, applies edits offline at once, and pushes them', async () => {
    const [first] = (await connectShop()) as [number];
    const report = await ok<SyncReport>(core.dispatch('syncNow', undefined));
    expect(report).toMatchObject({ pushed: 0, pulled: { full: true }, error: null });
    await eventually(async () => (await ok<ProductSummary[]>(core.dispatch('listProducts', undefined))).length === 2);

    const images = await remoteImages(remote!.admin, first);
    const edited = await ok<ProductDetail>(core.dispatch('setPrimaryImage', { imageId: images[2]!.id }));
    expect(edited.images.find((i) => i.isPrimary)?.id).toBe(images[2]!.id);
    const reordered = await ok<ProductDetail>(core.dispatch('reorderImages', { productId: first, imageIds: [images[2]!.id, images[0]!.id, images[1]!.id] }));
    expect(reordered.images.map((i) => i.id)).toEqual([images[2]!.id, images[0]!.id, images[1]!.id]);
    await ok(core.dispatch('setAltText', { imageId: images[0]!.id, altTextEs: 'Vista frontal' }));
    await ok(core.dispatch('setReview', { productId: first, status: 'approved' }));
    expect(await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).toMatchObject({ state: 'idle', pendingEdits: 4 });

    expect(await ok<SyncReport>(core.dispatch('syncNow', undefined))).toMatchObject({ pushed: 4, conflicts: 0, pending: 0, error: null });
    const after = await remoteImages(remote!.admin, first);
    expect(after.map((i) => [i.id, i.position, i.is_primary])).toEqual([
      [images[2]!.id, 1, true],
      [images[0]!.id, 2, false],
      [images[1]!.id, 3, false],
    ]);
    expect(after[1]!.alt_text_es).toBe('Vista frontal');
    const review = await remote!.admin.query('SELECT status, reviewer FROM product_reviews WHERE product_id = $1', [first]);
    expect(review.rows[0]).toMatchObject({ status: 'approved' });
    const status = await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined));
    expect(status).toMatchObject({ pendingEdits: 0, lastError: null });
    expect(status.lastSuccessAt).toBe(status.lastAttemptAt);
    expect(events.syncStatusChanged?.some((s) => s.state === 'syncing')).toBe(true);
  });

  it('keeps a conflicting edit for the user: re-apply pushes it, discard keeps the server’s version', async () => {
    const [first] = (await connectShop()) as [number];
    await ok(core.dispatch('syncNow', undefined));
    await eventually(async () => (await ok<ProductSummary[]>(core.dispatch('listProducts', undefined))).length === 2);
    const [a, b] = (await remoteImages(remote!.admin, first)) as unknown as [{ id: string }, { id: string }];

    // Another machine changes both photos' alt text first.
    await remote!.admin.query(`UPDATE product_images SET alt_text = 'their text' WHERE id = ANY($1::uuid[])`, [[a.id, b.id]]);
    await ok(core.dispatch('setAltText', { imageId: a.id, altText: 'my text A' }));
    await ok(core.dispatch('setAltText', { imageId: b.id, altText: 'my text B' }));
    expect(await ok<SyncReport>(core.dispatch('syncNow', undefined))).toMatchObject({ pushed: 0, conflicts: 2 });

    const conflicts = await ok<ConflictedEdit[]>(core.dispatch('listConflicts', undefined));
    expect(conflicts).toHaveLength(2);
    expect(conflicts[0]).toMatchObject({ edit: { kind: 'set-alt-text', imageId: a.id, altText: 'my text A' }, sku: expect.any(String) });
    expect(conflicts[0]!.reason).not.toBe('');
    expect(await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).toMatchObject({ conflicts: 2 });

    expect(await ok<ConflictedEdit[]>(core.dispatch('reapplyConflict', { id: conflicts[0]!.id }))).toHaveLength(1);
    expect(await ok<ConflictedEdit[]>(core.dispatch('discardConflict', { id: conflicts[1]!.id }))).toEqual([]);
    expect(await ok<SyncReport>(core.dispatch('syncNow', undefined))).toMatchObject({ pushed: 1, conflicts: 0 });
    const texts = Object.fromEntries((await remoteImages(remote!.admin, first)).map((i) => [i.id, i.alt_text]));
    expect(texts[a.id]).toBe('my text A');
    expect(texts[b.id]).toBe('their text');

    const again = await core.dispatch('discardConflict', { id: conflicts[1]!.id });
    expect(again).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('runs by itself once started: syncs at start and pushes a new edit shortly after it is made', async () => {
    const [first] = (await connectShop(1)) as [number];
    await core.startServices();
    await eventually(async () => (await ok<ProductSummary[]>(core.dispatch('listProducts', undefined))).length === 1);
    const images = await remoteImages(remote!.admin, first);
    await ok(core.dispatch('setPrimaryImage', { imageId: images[1]!.id }));
    await eventually(async () => (await remoteImages(remote!.admin, first))[1]!.is_primary);
    await eventually(async () => (await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).pendingEdits === 0);
  });

  it('refuses malformed or impossible edits with a clear validation error, changing nothing', async () => {
    const [first] = (await connectShop(1)) as [number];
    await ok(core.dispatch('syncNow', undefined));
    await eventually(async () => (await ok<ProductSummary[]>(core.dispatch('listProducts', undefined))).length === 1);
    const images = await remoteImages(remote!.admin, first);

    const noText = await core.dispatch('setAltText', { imageId: images[0]!.id });
    expect(noText).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const partial = await core.dispatch('reorderImages', { productId: first, imageIds: [images[1]!.id, images[0]!.id] });
    expect(partial).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/every photo/) } });
    const notUuid = await core.dispatch('deleteImage', { imageId: '../etc/passwd' });
    expect(notUuid).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await ok<SyncStatus>(core.dispatch('getSyncStatus', undefined))).toMatchObject({ pendingEdits: 0 });
  });
});
