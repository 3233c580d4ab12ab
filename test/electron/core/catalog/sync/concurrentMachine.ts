/**
 * One "machine" of the many-machines test (concurrency.test.ts), run as its own process:
 *   node --import tsx concurrentMachine.ts <database> <mirror file> <seed> <edits>
 * Pulls the catalog into its own SQLite mirror, makes random edits to the same few products as the other
 * machines (reorder, primary, delete, alt text, review), syncing now and then, then syncs until its outbox
 * has nothing pending. Prints a JSON summary on stdout.
 */
import pg from 'pg';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { SyncService } from '../../../../../electron/core/catalog/sync/syncService';
import { openLocalDatabase } from '../../../../../electron/core/store/database';
import { reviewStatuses } from '../../../../../shared/catalog';
import { testPg } from '../../../../support/postgres';

const [database, file, seedText, editsText] = process.argv.slice(2) as [string, string, string, string];
let seed = Number(seedText);
/** mulberry32: a seeded generator, so that a failing run can be replayed. */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const db = openLocalDatabase(file);
const connect = async () => {
  const client = new pg.Client({ ...testPg, database });
  client.on('error', () => {});
  await client.connect();
  return client;
};
const sync = new SyncService({ db, connect });
const edits = new CatalogEdits(db, { actor: `machine-${seedText}` });
const errors: string[] = [];
const syncNow = async () => {
  const report = await sync.syncNow();
  if (report.error) errors.push(`${report.error.kind}: ${report.error.message}`);
  return report;
};

await syncNow();
const products = db.prepare('SELECT id FROM products ORDER BY id').pluck().all() as number[];
const images = (productId: number) => db.prepare('SELECT id FROM product_images WHERE product_id = ? ORDER BY position').pluck().all(productId) as string[];
let made = 0;
for (let i = 0; i < Number(editsText); i++) {
  const product = pick(products);
  const photos = images(product);
  const kind = pick(['reorder', 'primary', 'delete', 'alt', 'alt', 'review'] as const);
  if (kind === 'reorder' && photos.length > 1) edits.reorderImages(product, [...photos].sort(() => random() - 0.5));
  else if (kind === 'primary' && photos.length > 0) edits.setPrimaryImage(pick(photos));
  else if (kind === 'delete' && photos.length > 3) edits.deleteImage(pick(photos));
  else if (kind === 'alt' && photos.length > 0) edits.setAltText(pick(photos), random() < 0.5 ? { altText: `m${seedText}-${i}` } : { altTextEs: `m${seedText}-${i} es`, altText: `m${seedText}-${i}` });
  else edits.setReview(product, { status: pick(reviewStatuses), note: `nota ${seedText}-${i}` });
  made += 1;
  if (random() < 0.4) await syncNow();
  await sleep(Math.floor(random() * 20));
}
for (let attempt = 0; attempt < 20 && edits.counts().pending > 0; attempt++) await syncNow();
const states = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all();
db.close();
process.stdout.write(JSON.stringify({ made, states, errors }));
