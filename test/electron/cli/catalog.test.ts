import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../../electron/core/paths';
import { SettingsTable } from '../../../electron/core/store/settings';
import { runVitrina } from '../../support/cli';
import { useTestKeychainService } from '../../support/keychain';
import { addMirrorImage, addMirrorReview, fillMirror, mirrorProduct } from '../../support/mirror';
import { makeTempDir } from '../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let dataDir: string;
beforeAll(() => {
  useTestKeychainService();
  tmp = makeTempDir();
  dataDir = path.join(tmp.dir, 'data');
  fillMirror(databaseFile(dataDir), [
    mirrorProduct(1, 'GPU-NV-RTX4070-12G', 'Tarjeta gráfica GeForce RTX 4070', 'NVIDIA', 'Tarjetas gráficas', 64_990),
    mirrorProduct(2, 'CPU-AMD-R7-7800X3D', 'AMD Ryzen 7 7800X3D', 'AMD', 'Procesadores', 44_900),
    mirrorProduct(3, 'RAM-KNG-32G-DDR5', '=HYPERLINK("http://evil") Memoria, "Fury" 32 GB', 'Kingston', 'Memoria', null),
  ], (db) => {
    // A configured shop: with nothing configured the CLI would read the demo workspace's catalog instead.
    new SettingsTable(db).update({ 'db.host': '127.0.0.1' });
    addMirrorImage(db, { id: 'a1', productId: 1, position: 1, primary: true, altText: 'Vista frontal' });
    addMirrorImage(db, { id: 'a2', productId: 1, position: 2, width: 640, height: 480 });
    addMirrorImage(db, { id: 'b1', productId: 2, position: 1, primary: true });
    addMirrorReview(db, 2, 'needs_photos', 'Falta foto de la caja');
    db.prepare('UPDATE product_images SET warnings = ? WHERE id = ?').run(
      JSON.stringify([{ kind: 'low-resolution', message: 'The short side is 480 px; at least 800 px look sharp on the shop.' }, { kind: 'nearly-blank', message: 'The photo is nearly blank.' }]),
      'a2',
    );
  });
});
afterAll(() => tmp.remove());

const vitrina = (...args: string[]) => runVitrina(['--data-dir', dataDir, ...args]);

describe('vitrina catalog (offline mirror)', () => {
  it('lists and searches, accent-insensitively, as JSON', async () => {
    const res = await vitrina('--json', 'catalog', 'list', '--search', 'grafica');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual([
      {
        id: 1, sku: 'GPU-NV-RTX4070-12G', name: 'Tarjeta gráfica GeForce RTX 4070', brand: 'NVIDIA', category: 'Tarjetas gráficas',
        priceCents: 64_990, imageCount: 2, reviewStatus: null, primaryImage: { id: 'a1', publicUrl: null, sha256: 'a1'.padEnd(64, '0') },
      },
    ]);
    const missing = await vitrina('catalog', 'list', '--missing-images');
    expect(missing).toMatchObject({ code: 0, stdout: expect.stringMatching(/^SKU\s+NAME.*\nRAM-KNG-32G-DDR5 /s) });
    const review = JSON.parse((await vitrina('--json', 'catalog', 'list', '--status', 'needs_photos')).stdout);
    expect(review.map((p: { sku: string }) => p.sku)).toEqual(['CPU-AMD-R7-7800X3D']);
  });

  it('shows one product with photos in order and its review', async () => {
    const res = await vitrina('--json', 'catalog', 'show', 'gpu-nv-rtx4070-12g');
    expect(res.code).toBe(0);
    const product = JSON.parse(res.stdout);
    expect(product.images.map((i: { id: string; position: number; isPrimary: boolean }) => [i.id, i.position, i.isPrimary])).toEqual([['a1', 1, true], ['a2', 2, false]]);
    expect(product.review).toBeNull();
    const text = await vitrina('catalog', 'show', 'CPU-AMD-R7-7800X3D');
    expect(text.stdout).toMatch(/review: needs_photos — Falta foto de la caja/);
  });

  it('fails clearly for an unknown SKU (exit 1) and a bad option (exit 2)', async () => {
    expect(await vitrina('catalog', 'show', 'NOPE-1')).toMatchObject({ code: 1, stderr: expect.stringContaining('No product with SKU "NOPE-1"') });
    expect(await vitrina('catalog', 'list', '--status', 'great')).toMatchObject({ code: 2 });
    expect(await vitrina('catalog', 'list', '--limit', 'many')).toMatchObject({ code: 2 });
  });
});

describe('vitrina report', () => {
  it('prints CSV that spreadsheets open safely', async () => {
    const res = await vitrina('report', 'missing-images', '--csv');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('sku,name,brand,category\r\nRAM-KNG-32G-DDR5,"\'=HYPERLINK(""http://evil"") Memoria, ""Fury"" 32 GB",Kingston,Memoria\r\n');
  });

  it('lists products with few photos, low-resolution photos and reviews needing photos', async () => {
    const few = JSON.parse((await vitrina('--json', 'report', 'few-images', '--min-images', '2')).stdout);
    expect(few.rows).toEqual([
      ['RAM-KNG-32G-DDR5', '=HYPERLINK("http://evil") Memoria, "Fury" 32 GB', 'Kingston', 'Memoria', 0],
      ['CPU-AMD-R7-7800X3D', 'AMD Ryzen 7 7800X3D', 'AMD', 'Procesadores', 1],
    ]);
    const lowRes = JSON.parse((await vitrina('--json', 'report', 'low-res')).stdout);
    expect(lowRes).toMatchObject({ kind: 'low-res', rows: [['GPU-NV-RTX4070-12G', 'Tarjeta gráfica GeForce RTX 4070', 'a2', 'products/1/a2.jpg', 640, 480]] });
    expect(JSON.parse((await vitrina('--json', 'report', 'low-res', '--min-side', '400')).stdout).rows).toEqual([]);
    const needs = await vitrina('report', 'needs-photos', '--csv');
    expect(needs.stdout).toMatch(/^sku,name,note,reviewer,updated_at\r\nCPU-AMD-R7-7800X3D,AMD Ryzen 7 7800X3D,Falta foto de la caja,marta,/);
    const warned = JSON.parse((await vitrina('--json', 'report', 'quality-warnings')).stdout);
    expect(warned).toEqual({
      kind: 'quality-warnings',
      columns: ['sku', 'name', 'image_id', 's3_key', 'warning', 'message'],
      rows: [
        ['GPU-NV-RTX4070-12G', 'Tarjeta gráfica GeForce RTX 4070', 'a2', 'products/1/a2.jpg', 'low-resolution', 'The short side is 480 px; at least 800 px look sharp on the shop.'],
        ['GPU-NV-RTX4070-12G', 'Tarjeta gráfica GeForce RTX 4070', 'a2', 'products/1/a2.jpg', 'nearly-blank', 'The photo is nearly blank.'],
      ],
    });
  });

  it('refuses an unknown report with a usage error', async () => {
    expect(await vitrina('report', 'everything')).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown report "everything"') });
  });
});
