import type pg from 'pg';
import { AppFailure } from '../../errors';
import { inTransaction } from './pgUtil';
import { checkProductsTable } from './products';
import { sampleProducts } from './sampleCatalog';

/** What a seeding run did: rows inserted, and rows skipped because their SKU was already there. */
export interface SeedResult {
  inserted: number;
  existing: number;
}

/** The most synthetic products one run may ask for; beyond this it is a typo, not a test. */
export const MAX_SYNTHETIC = 10_000_000;

/**
 * Rows per INSERT … SELECT: each statement stays far below pgConfig's 10 s client-side query timeout even
 * with the change-tracking trigger firing per row, and all batches share one transaction.
 */
const SYNTHETIC_BATCH = 20_000;

/**
 * Inserts the sample hardware catalog (see sampleCatalog.ts, ~200 products in 10 categories). Idempotent:
 * a SKU that is already there is left as it is. Only into a products table Vitrina created (see
 * `assertSeedable`).
 */
export async function seedSample(client: pg.Client): Promise<SeedResult> {
  await assertSeedable(client);
  const column = <K extends keyof (typeof sampleProducts)[number]>(key: K) => sampleProducts.map((p) => p[key]);
  const { rowCount } = await client.query(
    `INSERT INTO products (sku, name, brand, category, price)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[])
     ON CONFLICT (sku) DO NOTHING`,
    [column('sku'), column('name'), column('brand'), column('category'), column('price')],
  );
  const inserted = rowCount ?? 0;
  return { inserted, existing: sampleProducts.length - inserted };
}

/**
 * Inserts products `SYN-000001` … `SYN-<n>` for load and search tests, generated inside PostgreSQL
 * (`generate_series`), so 100 000 take seconds. Deterministic: product k always gets the same name
 * (a sample product's name plus an edition suffix), brand, category and price; running again, or with a
 * larger n, inserts only the missing SKUs. One transaction: a failure inserts nothing.
 */
export async function seedSynthetic(client: pg.Client, n: number): Promise<SeedResult> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SYNTHETIC)
    throw new AppFailure('validation', `The number of synthetic products must be a whole number from 1 to ${MAX_SYNTHETIC.toLocaleString('en')}.`);
  await assertSeedable(client);
  const vocabulary = [
    sampleProducts.map((p) => p.name),
    sampleProducts.map((p) => p.brand),
    sampleProducts.map((p) => p.category),
    sampleProducts.map((p) => p.price),
    ['', ' OC', ' v2', ' (reacondicionado)', ' edición limitada', ' bulk'],
  ];
  let inserted = 0;
  await inTransaction(client, async () => {
    for (let first = 1; first <= n; first += SYNTHETIC_BATCH) {
      const last = Math.min(n, first + SYNTHETIC_BATCH - 1);
      // k walks the vocabulary in a scrambled but fixed order (7919 is prime, so coprime with its length);
      // each pass through the vocabulary uses the next edition suffix, so names rarely repeat.
      const { rowCount } = await client.query(
        `INSERT INTO products (sku, name, brand, category, price)
         SELECT 'SYN-' || lpad(g::text, greatest(6, length(g::text)), '0'),
                ($3::text[])[k] || ($7::text[])[(g / cardinality($3::text[])) % cardinality($7::text[]) + 1],
                ($4::text[])[k],
                ($5::text[])[k],
                round(($6::numeric[])[k] * (0.90 + (g % 21) / 100.0), 2)
           FROM generate_series($1::bigint, $2::bigint) AS g,
                LATERAL (SELECT ((g * 7919) % cardinality($3::text[]) + 1)::int AS k) AS pick
         ON CONFLICT (sku) DO NOTHING`,
        [first, last, ...vocabulary],
      );
      inserted += rowCount ?? 0;
    }
  });
  return { inserted, existing: n - inserted };
}

/**
 * Made-up products go only into a products table that Vitrina created (`migrate --with-products`, marked
 * by a table comment): in a live storefront's table they would be shown to shoppers.
 */
async function assertSeedable(client: pg.Client): Promise<void> {
  const table = await checkProductsTable(client);
  if (!table.createdByVitrina)
    throw new AppFailure(
      'validation',
      `${table.qualifiedName} belongs to the storefront (Vitrina did not create it), so no sample or synthetic products were added: shoppers would see them. Seed a separate database set up with \`vitrina db migrate --with-products\`.`,
    );
}
