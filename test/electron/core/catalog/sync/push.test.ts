import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { OutboxTable } from '../../../../../electron/core/catalog/local/outbox';
import { pullCatalog } from '../../../../../electron/core/catalog/sync/pull';
import { pushOutbox } from '../../../../../electron/core/catalog/sync/push';
import { openLocalDatabase, type LocalDatabase } from '../../../../../electron/core/store/database';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, localImages, mirrorCatalog, openMirror, remoteCatalog, remoteImages, seedCatalog, type RemoteFixture } from './helpers';

let remote: RemoteFixture;
let temp: ReturnType<typeof makeTempDir>;
let client: pg.Client;
let mirror: LocalDatabase;
let edits: CatalogEdits;
let productA: number;
let productB: number;

beforeAll(() => {
  temp = makeTempDir('vitrina-push-');
});
afterAll(() => temp.remove());
beforeEach(async () => {
  remote = await createRemote();
  client = await remote.connect();
  [productA, productB] = (await seedCatalog(remote.admin, { count: 2, images: 4 })) as [number, number];
  mirror = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
  await pullCatalog(client, mirror);
  edits = new CatalogEdits(mirror, { actor: 'ana' });
});
afterEach(async () => {
  mirror.close();
  await client.end().catch(() => {});
  await remote.drop();
});

const push = (db = mirror) => pushOutbox(client, db);
const ids = async (productId: number) => (await remoteImages(remote.admin, productId)).map((i) => i.id);
const states = (db = mirror) => db.prepare('SELECT state FROM outbox ORDER BY seq').pluck().all();

describe('local edits', () => {
  it('show in the mirror at once and wait in the outbox, without any connection', () => {
    const [first, second] = localImages(mirror, productA);
    const entry = edits.setAltText(second!.id, { altText: 'Back view', altTextEs: 'Vista trasera' });
    edits.setPrimaryImage(second!.id);
    expect(entry).toMatchObject({ state: 'pending', attempts: 0, baseVersions: { [`image:${second!.id}`]: 1 } });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    const shown = localImages(mirror, productA);
    expect(shown.map((i) => i.id).slice(0, 2)).toEqual([first!.id, second!.id]);
    expect(shown.filter((i) => i.is_primary).map((i) => i.id)).toEqual([second!.id]);
    expect(shown[1]).toMatchObject({ alt_text: 'Back view', alt_text_es: 'Vista trasera', version: 1 });
    expect(edits.counts()).toEqual({ pending: 2, conflicted: 0, done: 0 });
  });

  it('refuses an order that leaves a photo out, and a photo that is not there', () => {
    const order = localImages(mirror, productA).map((i) => i.id);
    expect(() => edits.reorderImages(productA, order.slice(1))).toThrow(expect.objectContaining({ kind: 'validation' }));
    expect(() => edits.deleteImage(crypto.randomUUID())).toThrow(expect.objectContaining({ kind: 'validation' }));
    expect(edits.counts().pending).toBe(0);
  });
});

describe('push: each edit reaches PostgreSQL', () => {
  it('reorders all positions', async () => {
    const order = (await ids(productA)).reverse();
    edits.reorderImages(productA, order);
    expect(await push()).toEqual({ pushed: 1, alreadyApplied: 0, conflicts: 0, error: null });
    expect((await remoteImages(remote.admin, productA)).map((i) => [i.id, i.position])).toEqual(order.map((id, i) => [id, i + 1]));
    expect(states()).toEqual(['done']);
  });

  it('sets the primary photo, leaving exactly one', async () => {
    const third = (await ids(productA))[2]!;
    edits.setPrimaryImage(third);
    await push();
    expect((await remoteImages(remote.admin, productA)).filter((i) => i.is_primary).map((i) => i.id)).toEqual([third]);
  });

  it('sets alt text in both languages, or one of them', async () => {
    const [first, second] = await ids(productA);
    edits.setAltText(first!, { altText: 'Front view', altTextEs: 'Vista frontal' });
    edits.setAltText(second!, { altTextEs: 'Solo español' });
    expect(await push()).toMatchObject({ pushed: 2, conflicts: 0 });
    const images = await remoteImages(remote.admin, productA);
    expect(images.slice(0, 2).map((i) => [i.alt_text, i.alt_text_es])).toEqual([
      ['Front view', 'Vista frontal'],
      ['Vista 2', 'Solo español'],
    ]);
  });

  it('deletes a photo: the others close the gap, and deleting the primary promotes the first', async () => {
    const [first, second, third, fourth] = await ids(productA);
    edits.deleteImage(second!);
    edits.deleteImage(first!); // the primary
    expect(await push()).toMatchObject({ pushed: 2, conflicts: 0 });
    expect((await remoteImages(remote.admin, productA)).map((i) => [i.id, i.position, i.is_primary])).toEqual([
      [third, 1, true],
      [fourth, 2, false],
    ]);
    expect(localImages(mirror, productA).map((i) => [i.id, i.position, i.is_primary])).toEqual([
      [third, 1, true],
      [fourth, 2, false],
    ]);
  });

  it('creates and then updates a review with status and note', async () => {
    edits.setReview(productB, { status: 'needs_photos', note: 'falta la caja' });
    edits.setReview(productB, { status: 'approved', note: 'ok' });
    expect(await push()).toMatchObject({ pushed: 2, conflicts: 0 });
    const { rows } = await remote.admin.query('SELECT status, note, reviewer, version FROM product_reviews WHERE product_id = $1', [productB]);
    expect(rows).toEqual([{ status: 'approved', note: 'ok', reviewer: 'ana', version: 2 }]);
  });

  it('chains offline edits of the same photo: the second builds on the first, no conflict with itself', async () => {
    const [first] = await ids(productA);
    edits.setAltText(first!, { altText: 'one' });
    edits.reorderImages(productA, [...(await ids(productA))].reverse());
    edits.setAltText(first!, { altText: 'two' });
    edits.deleteImage(first!);
    expect(await push()).toMatchObject({ pushed: 4, conflicts: 0 });
    expect(await ids(productA)).not.toContain(first);
    expect((await remoteImages(remote.admin, productA)).map((i) => i.position)).toEqual([1, 2, 3]);
    expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
  });
});

describe('push: errors', () => {
  it('stops at the first error that is not a conflict, keeping that edit and the later ones pending in order', async () => {
    const [first, second] = await ids(productA);
    edits.setAltText(first!, { altText: 'kept' });
    edits.setAltText(second!, { altText: 'kept too' });
    // The server drops this connection, as when PostgreSQL restarts or the Wi-Fi goes.
    await remote.admin.query('SELECT pg_terminate_backend($1)', [(client as unknown as { processID: number }).processID]);
    const result = await push();
    expect(result).toMatchObject({ pushed: 0, conflicts: 0, error: { kind: 'unreachable' } });
    const pending = new OutboxTable(mirror).pending();
    expect(pending.map((e) => [e.state, e.attempts])).toEqual([
      ['pending', 1],
      ['pending', 0],
    ]);
    expect(pending[0]!.lastError).toMatch(/could not be reached/);
    client = await remote.connect();
    expect(await push()).toMatchObject({ pushed: 2, error: null });
    expect((await remoteImages(remote.admin, productA)).slice(0, 2).map((i) => i.alt_text)).toEqual(['kept', 'kept too']);
  });
});

describe('push: idempotent after a crash', () => {
  it('applies an edit once when the machine crashed between the server COMMIT and marking it done', async () => {
    const [first, second] = await ids(productA);
    edits.deleteImage(second!);
    // The local file as it was before the push: a crash after the server's COMMIT brings it back like this.
    const before = path.join(temp.dir, `${crypto.randomUUID()}.db`);
    mirror.exec(`VACUUM INTO '${before}'`);
    expect(await push()).toMatchObject({ pushed: 1 });
    const afterFirst = await remoteImages(remote.admin, productA);
    mirror.close();
    mirror = openLocalDatabase(before);
    edits = new CatalogEdits(mirror);
    // Made after the crash, on top of the (unpushed, as far as this machine knows) delete.
    edits.setAltText(first!, { altText: 'after the crash' });
    expect(new OutboxTable(mirror).pending().map((e) => e.state)).toEqual(['pending', 'pending']);

    expect(await push()).toEqual({ pushed: 1, alreadyApplied: 1, conflicts: 0, error: null });
    const applied = await remote.admin.query('SELECT count(*)::int AS n FROM vitrina_applied_ops');
    expect(applied.rows[0].n).toBe(2);
    const images = await remoteImages(remote.admin, productA);
    // Deleted once (the renumbering did not run twice); the later edit rebased on the stored outcome.
    expect(images.map((i) => i.id)).toEqual(afterFirst.map((i) => i.id));
    expect(images[0]).toMatchObject({ id: first, alt_text: 'after the crash' });
    expect(states()).toEqual(['done', 'done']);
    expect(mirror.prepare('SELECT resolution FROM outbox ORDER BY seq').pluck().all()).toEqual(['already-applied', 'applied']);
    fs.rmSync(before, { force: true });
  });
});

describe('push: conflicts between machines', () => {
  it('keeps the first machine’s alt text, lists the second one’s edit as conflicted, and lets it be re-applied or discarded', async () => {
    const machineY = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
    try {
      await pullCatalog(client, machineY);
      const editsY = new CatalogEdits(machineY);
      const [image, other] = await ids(productA);
      edits.setAltText(image!, { altText: 'X was here' });
      editsY.setAltText(image!, { altText: 'Y was here' });
      editsY.setAltText(other!, { altText: 'Y, other photo' });
      expect(await push(mirror)).toMatchObject({ pushed: 1, conflicts: 0 });
      expect(await push(machineY)).toMatchObject({ pushed: 1, conflicts: 1 });

      expect((await remoteImages(remote.admin, productA))[0]!.alt_text).toBe('X was here');
      // Y's mirror shows the server's version; Y's edit is not lost but waits for a decision.
      expect(localImages(machineY, productA)[0]!.alt_text).toBe('X was here');
      const [conflict] = editsY.listConflicts();
      expect(conflict).toMatchObject({ edit: { kind: 'set-alt-text', imageId: image, altText: 'Y was here' }, sku: 'T-000001' });
      expect(conflict!.reason).toMatch(/changed on another computer/);
      expect(editsY.counts()).toEqual({ pending: 0, conflicted: 1, done: 1 });

      // Re-apply: a new edit on top of the current version, which wins this time.
      const again = editsY.reapplyConflict(conflict!.id);
      expect(again.baseVersions).toEqual({ [`image:${image}`]: 2 });
      expect(localImages(machineY, productA)[0]!.alt_text).toBe('Y was here');
      expect(await push(machineY)).toMatchObject({ pushed: 1, conflicts: 0 });
      expect((await remoteImages(remote.admin, productA))[0]!.alt_text).toBe('Y was here');
      expect(editsY.listConflicts()).toEqual([]);

      // Discard: X's next edit now conflicts (Y changed the photo); X drops it, the server's text stays.
      edits.setAltText(image!, { altText: 'X again' });
      expect(await push(mirror)).toMatchObject({ conflicts: 1 });
      const [xConflict] = edits.listConflicts();
      edits.discardConflict(xConflict!.id);
      expect(edits.listConflicts()).toEqual([]);
      expect(localImages(mirror, productA)[0]!.alt_text).toBe('Y was here');
      expect(() => edits.discardConflict(xConflict!.id)).toThrow(expect.objectContaining({ kind: 'validation' }));
      expect(mirror.prepare('SELECT resolution FROM outbox ORDER BY seq').pluck().all()).toEqual(['applied', 'discarded']);
    } finally {
      machineY.close();
    }
  });

  it('treats a photo deleted elsewhere, and a review written elsewhere, as conflicts', async () => {
    const [image] = await ids(productA);
    edits.setAltText(image!, { altText: 'too late' });
    edits.setReview(productB, { status: 'rejected', note: 'mine' });
    await remote.admin.query('DELETE FROM product_images WHERE id = $1', [image]);
    await remote.admin.query(`INSERT INTO product_reviews (product_id, status, note) VALUES ($1, 'approved', 'theirs')`, [productB]);
    expect(await push()).toMatchObject({ pushed: 0, conflicts: 2, error: null });
    expect(edits.listConflicts().map((c) => c.reason)).toEqual([expect.stringMatching(/deleted on another computer/), expect.stringMatching(/reviewed this product on another computer/)]);
    expect(() => edits.reapplyConflict(edits.listConflicts()[0]!.id)).toThrow(expect.objectContaining({ kind: 'validation' }));
    expect((await remote.admin.query('SELECT note FROM product_reviews WHERE product_id = $1', [productB])).rows[0].note).toBe('theirs');
  });

  it('refuses a reorder when photos were added elsewhere, and re-applies it with the new photo last', async () => {
    const order = (await ids(productA)).reverse();
    edits.reorderImages(productA, order);
    const added = crypto.randomUUID();
    await remote.admin.query(
      `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position) VALUES ($1, $2, 'k', 'image/jpeg', 9, $3, 5)`,
      [added, productA, crypto.randomBytes(32).toString('hex')],
    );
    expect(await push()).toMatchObject({ conflicts: 1 });
    expect(edits.listConflicts()[0]!.reason).toMatch(/added to or removed/);
    edits.reapplyConflict(edits.listConflicts()[0]!.id);
    expect(await push()).toMatchObject({ pushed: 1 });
    expect(await ids(productA)).toEqual([...order, added]);
  });
});
