/**
 * What two-way sync needs on the server besides change tracking (0020):
 *
 * - `vitrina_applied_ops`: the id of every outbox edit a machine has applied, written in the same
 *   transaction as the edit itself. A laptop that crashes (or loses the network) between the server's
 *   COMMIT and marking the edit done locally pushes it again; the id is already here, so the edit is skipped
 *   instead of applied twice. `outcome` keeps what the edit did to row versions (`{"image:<uuid>": [3, 4]}`)
 *   so that the machine can rebase its later edits exactly as if it had seen the first answer.
 *   Nothing prunes it yet: a row is ~100 bytes, and an id must outlive any outbox that may still hold it.
 *
 * - `vitrina_database`: one random id per database. Each mirror stores the id next to its pull watermark; a
 *   different id (the settings now point at another database, or it was recreated) means the watermark is
 *   meaningless there, so the mirror reloads everything instead of pulling a wrong range.
 */
export const up = `
CREATE TABLE vitrina_applied_ops (
  op_id      uuid PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now(),
  outcome    jsonb
);

CREATE TABLE vitrina_database (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  singleton  boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO vitrina_database DEFAULT VALUES;
`;
