import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openLocalDatabase, type LocalDatabase } from '../../../../electron/core/store/database';
import { ProductsTable } from '../../../../electron/core/store/products';
import { UploadJobsTable } from '../../../../electron/core/store/uploadJobs';
import type { IntakeDeps } from '../../../../electron/core/uploads/intake';
import { listFiles, makeTempDir } from '../../../support/tempDir';
import { mirrorProduct } from '../../../support/mirror';

/** A workspace for intake tests: a real SQLite store with two mirrored products, a staging and a photos folder. */
export interface IntakeFixture {
  dir: string;
  db: LocalDatabase;
  jobs: UploadJobsTable;
  photos: string;
  deps: IntakeDeps;
  /** Writes `bytes` as photos/<name> and returns its path. */
  write(name: string, bytes: Buffer): string;
  stagedFiles(): string[];
  tempFiles(): string[];
  jobCount(): number;
  remove(): void;
}

export const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

export function makeIntakeFixture(overrides: Partial<IntakeDeps> = {}): IntakeFixture {
  const tmp = makeTempDir('vitrina-intake-');
  const db = openLocalDatabase(path.join(tmp.dir, 'vitrina.db'));
  new ProductsTable(db).upsert([
    mirrorProduct(1, 'CPU-AMD-7800X3D', 'Ryzen 7 7800X3D', 'AMD', 'CPU'),
    mirrorProduct(2, 'GPU-RTX-4070', 'GeForce RTX 4070', 'NVIDIA', 'GPU'),
  ]);
  const jobs = new UploadJobsTable(db);
  const photos = path.join(tmp.dir, 'photos');
  fs.mkdirSync(photos);
  const deps: IntakeDeps = {
    db,
    jobs,
    productLookup: (sku) => (db.prepare('SELECT id, sku FROM products WHERE sku = ?').get(sku) as { id: number; sku: string } | undefined) ?? null,
    stagingDir: path.join(tmp.dir, 'staging'),
    maxBytes: 50_000_000,
    allowedRoots: [tmp.dir],
    keyPrefix: 'products/',
    now: () => new Date('2026-12-01T10:00:00.000Z'),
    ...overrides,
  };
  const filesUnder = (dir: string) => (fs.existsSync(dir) ? listFiles(dir) : []);
  return {
    dir: tmp.dir,
    db,
    jobs,
    photos,
    deps,
    write(name, bytes) {
      const file = path.join(photos, name);
      fs.writeFileSync(file, bytes);
      return file;
    },
    stagedFiles: () => filesUnder(deps.stagingDir).filter((f) => !f.startsWith(path.join(deps.stagingDir, 'tmp'))),
    tempFiles: () => filesUnder(path.join(deps.stagingDir, 'tmp')),
    jobCount: () => db.prepare('SELECT count(*) FROM upload_jobs').pluck().get() as number,
    remove() {
      db.close();
      tmp.remove();
    },
  };
}
