import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { pullCatalog } from '../../../../../electron/core/catalog/sync/pull';
import { LocalCatalogRecorder } from '../../../../../electron/core/uploads/record/localRecorder';
import { PgCatalogRecorder } from '../../../../../electron/core/uploads/record/pgRecorder';
import type { ImageRecord } from '../../../../../electron/core/uploads/record/types';
import type { LocalDatabase } from '../../../../../electron/core/store/database';
import { ProductsTable } from '../../../../../electron/core/store/products';
import { mirrorProduct } from '../../../../support/mirror';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, localImages, openMirror, remoteImages, seedCatalog, type RemoteFixture } from '../../catalog/sync/helpers';

let temp: ReturnType<typeof makeTempDir>;
let mirror: LocalDatabase;
beforeAll(() => {
  temp = makeTempDir('vitrina-recorder-');
});
afterAll(() => temp.remove());
beforeEach(() => {
  mirror = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
});
afterEach(() => mirror.close());

const photo = (productId: number, seed: string): ImageRecord => {
  const sha256 = crypto.createHash('sha256').update(seed).digest('hex');
  return { imageId: crypto.randomUUID(), productId, s3Key: `products/p-${productId}/${sha256}.jpg`, publicUrl: null, contentType: 'image/jpeg', bytes: 1234, width: 1600, height: 1200, sha256, createdBy: 'ana', variants: [], warnings: [], dhash: null };
};

describe('recording a stored photo in the shop catalog (PostgreSQL, then the mirror)', () => {
  let remote: RemoteFixture;
  let product: number;
  beforeEach(async () => {
    remote = await createRemote();
    [product] = (await seedCatalog(remote.admin, { count: 1, images: 0 })) as [number];
    await pullCatalog(await remote.connect(), mirror);
  });
  afterEach(() => remote.drop());

  it('appends photos (the first becomes primary), records each (product, sha256) once, and is safe to repeat', async () => {
    const recorder = new PgCatalogRecorder(remote.connect, mirror);
    const first = photo(product, 'front');
    const second = photo(product, 'back');
    expect(await recorder.record(first)).toEqual({ status: 'created', imageId: first.imageId });
    expect(await recorder.record(second)).toEqual({ status: 'created', imageId: second.imageId });
    // The same job again (a crash after the insert), and the same bytes from another computer's job.
    expect(await recorder.record(first)).toEqual({ status: 'existing', imageId: first.imageId });
    expect(await recorder.record({ ...first, imageId: crypto.randomUUID() })).toEqual({ status: 'existing', imageId: first.imageId });

    const rows = await remoteImages(remote.admin, product);
    expect(rows.map((r) => [r.id, r.position, r.is_primary])).toEqual([[first.imageId, 1, true], [second.imageId, 2, false]]);
    expect(localImages(mirror, product).map((r) => [r.id, r.position, r.is_primary, r.version])).toEqual(rows.map((r) => [r.id, r.position, r.is_primary, r.version]));
    expect(new ProductsTable(mirror).getById(product)?.imageCount).toBe(2);
  });

  it('keeps positions unique and contiguous with one primary when many photos arrive at once', async () => {
    const recorders = Array.from({ length: 8 }, () => new PgCatalogRecorder(remote.connect, mirror));
    const photos = recorders.map((_, i) => photo(product, `view-${i}`));
    const outcomes = await Promise.all(recorders.map((r, i) => r.record(photos[i]!)));
    expect(outcomes.every((o) => o.status === 'created')).toBe(true);
    const rows = await remoteImages(remote.admin, product);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows.filter((r) => r.is_primary)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(photos.map((p) => p.imageId)));
  });

  it('keeps this computer’s pending edits on top of the recorded photo in the mirror', async () => {
    const recorder = new PgCatalogRecorder(remote.connect, mirror);
    await recorder.record(photo(product, 'a'));
    const b = photo(product, 'b');
    await recorder.record(b);
    new CatalogEdits(mirror).setPrimaryImage(b.imageId); // not pushed yet
    await recorder.record(photo(product, 'c'));
    const local = localImages(mirror, product);
    expect(local.find((r) => r.is_primary)?.id).toBe(b.imageId);
    expect(local.map((r) => r.position)).toEqual([1, 2, 3]);
  });

  it('says when the product was deleted meanwhile, and inserts nothing', async () => {
    await remote.admin.query('DELETE FROM products WHERE id = $1', [product]);
    expect(await new PgCatalogRecorder(remote.connect, mirror).record(photo(product, 'x'))).toEqual({ status: 'product-gone' });
    expect((await remote.admin.query('SELECT count(*)::int AS n FROM product_images')).rows[0]).toEqual({ n: 0 });
  });
});

describe('recording in the demo catalog (local store only)', () => {
  beforeEach(() => new ProductsTable(mirror).upsert([mirrorProduct(7, 'CPU-DEMO-1', 'Procesador demo', 'AMD', 'Procesadores')]));

  it('follows the same rules: appended, first primary, one row per sha256, unknown product refused', async () => {
    const recorder = new LocalCatalogRecorder(mirror);
    const a = photo(7, 'a');
    const b = photo(7, 'b');
    expect(await recorder.record(a)).toEqual({ status: 'created', imageId: a.imageId });
    expect(await recorder.record(b)).toEqual({ status: 'created', imageId: b.imageId });
    expect(await recorder.record({ ...a, imageId: crypto.randomUUID() })).toEqual({ status: 'existing', imageId: a.imageId });
    expect(localImages(mirror, 7).map((r) => [r.id, r.position, r.is_primary])).toEqual([[a.imageId, 1, true], [b.imageId, 2, false]]);
    expect(await recorder.record(photo(8, 'a'))).toEqual({ status: 'product-gone' });
  });
});
