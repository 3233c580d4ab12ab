import type pg from 'pg';
import { AppFailure } from '../../errors';
import { databaseName, inTransaction } from './pgUtil';

/**
 * The storefront's `products` table, as far as Vitrina is concerned. The storefront owns it; Vitrina reads
 * these columns, points its own tables at `products(id)`, and adds change-tracking triggers to it. It
 * creates the table only for a new shop that has none (`vitrina db migrate --with-products`).
 */
export const PRODUCT_COLUMNS = ['id', 'sku', 'name', 'brand', 'category', 'price', 'updated_at'] as const;

/**
 * Marks a `products` table that Vitrina itself created. Sample and synthetic data go only into such a
 * table: seeding a live storefront would show made-up products to shoppers.
 */
export const VITRINA_PRODUCTS_COMMENT = 'vitrina: minimal products table created by `vitrina db migrate --with-products`';

const MINIMAL_PRODUCTS = `
CREATE TABLE products (
  id         bigserial PRIMARY KEY,
  sku        text UNIQUE NOT NULL,
  name       text NOT NULL,
  brand      text,
  category   text,
  price      numeric(12,2),
  updated_at timestamptz DEFAULT now()
);
COMMENT ON TABLE products IS '${VITRINA_PRODUCTS_COMMENT.replaceAll("'", "''")}';
`;

/** What Vitrina knows about the table that `products` resolves to on this connection's search_path. */
export interface ProductsTable {
  oid: number;
  /** `schema.products`, for messages. */
  qualifiedName: string;
  createdByVitrina: boolean;
}

/** The `products` table on the search path, or null when there is none. */
export async function findProductsTable(client: pg.Client): Promise<ProductsTable | null> {
  const { rows } = await client.query<{ oid: number; qualified: string; relkind: string; comment: string | null }>(
    `SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS qualified, c.relkind::text AS relkind,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass('products')`,
  );
  const row = rows[0];
  if (!row) return null;
  if (row.relkind !== 'r' && row.relkind !== 'p')
    throw new AppFailure('not-configured', `${row.qualified} is a view or another kind of relation, not a table. Vitrina needs the storefront's products table itself (its photos and reviews reference products.id).`);
  return { oid: row.oid, qualifiedName: row.qualified, createdByVitrina: row.comment === VITRINA_PRODUCTS_COMMENT };
}

/**
 * Creates the minimal `products` table when none exists. Returns whether it did. Run under the migration
 * lock, so two machines cannot both decide to create it.
 */
export async function createMinimalProductsIfMissing(client: pg.Client): Promise<boolean> {
  if (await findProductsTable(client)) return false;
  await inTransaction(client, () => client.query(MINIMAL_PRODUCTS));
  return true;
}

/**
 * Checks that the storefront's products table is there and has what Vitrina relies on: the columns it
 * reads, and an integer `id` that is unique (foreign keys from product_images and product_reviews point to
 * it). With `forChanges`, also that this database user may add those foreign keys and triggers.
 * Throws an AppFailure naming what is missing; returns the table otherwise.
 */
export async function checkProductsTable(client: pg.Client, options: { forChanges?: boolean } = {}): Promise<ProductsTable> {
  const table = await findProductsTable(client);
  if (!table)
    throw new AppFailure(
      'not-configured',
      `The storefront's products table was not found in the PostgreSQL database "${await databaseName(client)}" (search_path: ${await searchPath(client)}). Point Vitrina at the shop's database under Settings → Database; for a new shop without a storefront yet, \`vitrina db migrate --with-products\` creates a minimal one.`,
    );
  const { rows } = await client.query<{ attname: string; type: string; unique_id: boolean }>(
    `SELECT a.attname, format_type(a.atttypid, NULL) AS type,
            EXISTS (SELECT 1 FROM pg_index i
                     WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indpred IS NULL
                       AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) AS unique_id
       FROM pg_attribute a
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped`,
    [table.oid],
  );
  const columns = new Map(rows.map((r) => [r.attname, r]));
  const missing = PRODUCT_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0)
    throw new AppFailure(
      'not-configured',
      `The storefront's products table (${table.qualifiedName}) has no column ${missing.map((c) => `"${c}"`).join(', ')}. Vitrina reads ${PRODUCT_COLUMNS.join(', ')}; add the missing column or point Vitrina at the right database.`,
    );
  const id = columns.get('id')!;
  if (!['smallint', 'integer', 'bigint'].includes(id.type))
    throw new AppFailure('not-configured', `The column id of ${table.qualifiedName} is ${id.type}; Vitrina needs an integer product id (smallint, integer or bigint).`);
  if (!id.unique_id)
    throw new AppFailure('not-configured', `The column id of ${table.qualifiedName} is neither its primary key nor unique, so product photos cannot reference it. Make id the primary key.`);
  if (options.forChanges) await checkPrivileges(client, table);
  return table;
}

/** Foreign keys need REFERENCES and triggers need TRIGGER on a table this user may not own. */
async function checkPrivileges(client: pg.Client, table: ProductsTable): Promise<void> {
  const { rows } = await client.query<{ refs: boolean; trig: boolean; who: string }>(
    `SELECT has_table_privilege($1::oid, 'REFERENCES') AS refs, has_table_privilege($1::oid, 'TRIGGER') AS trig, current_user AS who`,
    [table.oid],
  );
  const { refs, trig, who } = rows[0]!;
  if (!refs || !trig)
    throw new AppFailure(
      'db-denied',
      `The database user "${who}" may not add foreign keys and triggers to ${table.qualifiedName}, which setting up Vitrina's tables needs. Run \`vitrina db migrate\` once as the table's owner, or ask the database administrator to run: GRANT REFERENCES, TRIGGER ON ${table.qualifiedName} TO "${who}";`,
    );
}

async function searchPath(client: pg.Client): Promise<string> {
  return (await client.query<{ path: string }>(`SELECT current_setting('search_path') AS path`)).rows[0]!.path;
}
