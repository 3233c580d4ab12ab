/**
 * The outbox of catalog edits made on this machine (reorder photos, primary photo, alt text, delete a
 * photo, review). An edit is applied to the mirror at once, so the UI shows it offline, and queued here in
 * the same transaction; sync pushes the queue to PostgreSQL in `seq` order (catalog/sync/push.ts).
 *
 * - `id` is a client-generated uuid: PostgreSQL records it with the applied edit (`vitrina_applied_ops`), so
 *   pushing again after a crash never applies an edit twice.
 * - `base_versions` holds the server versions of the rows the edit depends on, as the mirror knew them
 *   (`{"image:<uuid>": 3, "review:<product id>": 0}`; 0 = the row did not exist). If the server's rows moved on,
 *   the edit is a conflict: the server wins and the edit waits as `conflicted` for the user to re-apply or
 *   discard it. It is never dropped silently.
 * - `state`: pending → done | conflicted; conflicted → done (re-applied as a new edit, or discarded).
 *   `resolution` says which way an edit ended. `kind` is checked by the code, not here, so that new kinds
 *   need no table rebuild.
 * - AUTOINCREMENT: `seq` is never reused, so the push order stays the order the user made the edits.
 */
export const up = `
CREATE TABLE outbox (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL,
  product_id    INTEGER NOT NULL,
  payload       TEXT NOT NULL,
  base_versions TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'conflicted', 'done')),
  resolution    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT
) STRICT;
CREATE INDEX outbox_state_seq ON outbox (state, seq);
CREATE INDEX outbox_product_state ON outbox (product_id, state, seq);
`;
