/**
 * Change tracking for sync: every committed write to `products`, `product_images` and `product_reviews`
 * leaves a row in `vitrina_changes` stamped with the writing transaction's id (`xid8`, 64-bit, never wraps).
 * Readers pull by transaction-id range, not by time or by `id` — see ../changes.ts for why that never
 * skips a transaction that commits late.
 *
 * A row says only "this key changed (U) or is gone (D)"; the reader fetches the row's current state, so
 * duplicates and ordering within a pull do not matter. An UPDATE that changes the key records a D for the
 * old key as well.
 *
 * The trigger function is SECURITY DEFINER: the storefront's own database role writes `products` and must
 * keep working without being granted anything on `vitrina_changes`. A definer function must pin its
 * search_path (else a caller could shadow `vitrina_changes`); it is pinned to the schema the migration
 * created the table in (the DO block below), whatever search_path the storefront's sessions use.
 *
 * On `products` (owned by the storefront) only changes to the columns Vitrina reads are recorded, so stock
 * or description updates at every sale do not flood the log. `updated_at` alone is not one of them.
 *
 * Nothing prunes the log yet: the pull that consumes it will own deleting what every client has read.
 */
export const up = `
CREATE TABLE vitrina_changes (
  id         bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_key    text NOT NULL,
  op         char(1) NOT NULL CHECK (op IN ('U', 'D')),
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX vitrina_changes_txid ON vitrina_changes (txid);

-- TG_ARGV[0] names the key column, 'id' or 'product_id'. Fields are read directly rather than through
-- to_jsonb(row), which cost a third more per row on bulk writes; PL/pgSQL resolves NEW.x when the statement
-- first runs for a table, so the branch naming the other column is never resolved against it.
CREATE FUNCTION vitrina_record_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  old_key text;
  new_key text;
BEGIN
  IF TG_ARGV[0] = 'product_id' THEN
    IF TG_OP <> 'INSERT' THEN old_key := OLD.product_id; END IF;
    IF TG_OP <> 'DELETE' THEN new_key := NEW.product_id; END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN old_key := OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN new_key := NEW.id; END IF;
  END IF;
  IF old_key IS DISTINCT FROM new_key AND old_key IS NOT NULL THEN
    INSERT INTO vitrina_changes (table_name, row_key, op) VALUES (TG_TABLE_NAME, old_key, 'D');
  END IF;
  IF new_key IS NOT NULL THEN
    INSERT INTO vitrina_changes (table_name, row_key, op) VALUES (TG_TABLE_NAME, new_key, 'U');
  END IF;
  RETURN NULL;
END
$$;

DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION vitrina_record_change() SET search_path = %I, pg_temp', current_schema());
END
$$;

CREATE TRIGGER products_vitrina_changes AFTER INSERT OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION vitrina_record_change('id');
CREATE TRIGGER products_vitrina_changes_update AFTER UPDATE OF id, sku, name, brand, category, price ON products
  FOR EACH ROW
  WHEN ((OLD.id, OLD.sku, OLD.name, OLD.brand, OLD.category, OLD.price)
        IS DISTINCT FROM (NEW.id, NEW.sku, NEW.name, NEW.brand, NEW.category, NEW.price))
  EXECUTE FUNCTION vitrina_record_change('id');

CREATE TRIGGER product_images_vitrina_changes AFTER INSERT OR DELETE ON product_images
  FOR EACH ROW EXECUTE FUNCTION vitrina_record_change('id');
CREATE TRIGGER product_images_vitrina_changes_update AFTER UPDATE ON product_images
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION vitrina_record_change('id');

CREATE TRIGGER product_reviews_vitrina_changes AFTER INSERT OR DELETE ON product_reviews
  FOR EACH ROW EXECUTE FUNCTION vitrina_record_change('product_id');
CREATE TRIGGER product_reviews_vitrina_changes_update AFTER UPDATE ON product_reviews
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION vitrina_record_change('product_id');
`;
