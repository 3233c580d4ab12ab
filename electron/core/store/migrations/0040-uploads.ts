/**
 * The upload queue (issue #4; electron/core/uploads/DESIGN.md). A dropped photo is a row here from the moment
 * intake copied it into staging, so a crash, a power cut or a week offline loses nothing.
 *
 * upload_jobs — one row per photo on its way to a product:
 * - `seq` INTEGER PRIMARY KEY AUTOINCREMENT is the queue order and is never reused (like outbox.seq); `id` is a
 *   client uuid, UNIQUE, the job's name everywhere else (UI, CLI, parts).
 * - `state` is written only by UploadJobsTable.transition (rules in uploads/jobStates.ts); the CHECK keeps a
 *   bug from inventing one.
 * - No foreign key to `products`: the mirror is replaced by sync, and a cascade would silently drop queued
 *   photos of a product that was renamed or briefly missing. `sku` is kept for display and the object key.
 * - `(product_id, sha256)` is unique among jobs still going (not done, not cancelled): dropping the same photo
 *   twice on a product queues it once, while a cancelled job does not block dropping it again. A done job does
 *   not block either: its photo is then in the mirror's `product_images`, which intake checks, and if someone
 *   later deletes that photo from the product, dropping it again must work. Same photo on two products: two
 *   jobs, one staged file (staging is content-addressed: `staged_name` = `<sha[0,2]>/<sha256>`).
 * - `image_id` is the catalog row's uuid, chosen at intake, so recording after a crash is idempotent.
 * - `s3_key` is fixed at intake: a later change of `s3.keyPrefix` does not move a photo half-way.
 * - `next_attempt_at` is epoch milliseconds (compared with "now" by the scheduler; no date-format pitfalls).
 * - `stored_at` is set when the object reached the bucket: cancelling a failed job then deletes the object.
 * - `paused_by`: 'user' (a person paused this job) or 'queue' ("pause all"); null unless paused.
 *
 * Scheduler index: `(state, seq, next_attempt_at)` lets "the next N queued jobs that are due, in order" walk
 * the index in seq order and stop after N, checking due-ness from the index alone (no sort, no table scan).
 * A second index on `(state, next_attempt_at)` was left out on purpose: with it the planner preferred a range
 * scan of every due job plus a sort, which costs the whole backlog on each claim after a 500-photo drop; the
 * next wake-up is a covering scan of this index. `(sha256, state)` serves "does any live job still use this
 * staged file".
 *
 * upload_multipart / upload_parts — the resumable multipart checkpoint of a job (DESIGN.md → Multipart): the
 * UploadId is stored before the first part, each completed part as it finishes. They cascade from the job so a
 * purged job leaves no checkpoint behind, and parts cascade from their multipart upload so starting over is one
 * delete.
 */
export const up = `
CREATE TABLE upload_jobs (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  product_id      INTEGER NOT NULL,
  sku             TEXT NOT NULL,
  sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
  staged_name     TEXT NOT NULL,
  file_name       TEXT NOT NULL,
  bytes           INTEGER NOT NULL CHECK (bytes > 0),
  content_type    TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'uploaded', 'recorded', 'done', 'waiting', 'paused', 'failed', 'cancelled')),
  failure_kind    TEXT,
  failure_message TEXT,
  s3_key          TEXT NOT NULL,
  image_id        TEXT NOT NULL UNIQUE,
  attempts        INTEGER NOT NULL DEFAULT 0,
  bytes_sent      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  paused_by       TEXT CHECK (paused_by IN ('user', 'queue')),
  stored_at       TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX upload_jobs_product_sha256 ON upload_jobs (product_id, sha256) WHERE state NOT IN ('done', 'cancelled');
CREATE INDEX upload_jobs_state_seq ON upload_jobs (state, seq, next_attempt_at);
CREATE INDEX upload_jobs_sha256_state ON upload_jobs (sha256, state);

CREATE TABLE upload_multipart (
  job_id     TEXT PRIMARY KEY REFERENCES upload_jobs (id) ON DELETE CASCADE,
  upload_id  TEXT NOT NULL,
  part_size  INTEGER NOT NULL CHECK (part_size > 0),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE upload_parts (
  job_id         TEXT NOT NULL REFERENCES upload_multipart (job_id) ON DELETE CASCADE,
  part_number    INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
  etag           TEXT NOT NULL,
  checksum_crc32 TEXT,
  size           INTEGER NOT NULL CHECK (size > 0),
  PRIMARY KEY (job_id, part_number)
) STRICT;
`;
