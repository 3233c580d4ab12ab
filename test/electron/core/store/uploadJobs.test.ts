import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../../electron/core/errors';
import { openLocalDatabase, type LocalDatabase } from '../../../../electron/core/store/database';
import { claimSql, UploadJobsTable, type NewUploadJob } from '../../../../electron/core/store/uploadJobs';
import { makeTempDir } from '../../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
let db: LocalDatabase;
let clock: Date;
let jobs: UploadJobsTable;
beforeEach(() => {
  tmp = makeTempDir();
  file = path.join(tmp.dir, 'vitrina.db');
  db = openLocalDatabase(file);
  clock = new Date('2026-12-01T10:00:00.000Z');
  jobs = new UploadJobsTable(db, () => clock);
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const later = (ms: number) => new Date(clock.getTime() + ms);
const sha = (n: number) => crypto.createHash('sha256').update(String(n)).digest('hex');
const newJob = (n: number, productId = 1): NewUploadJob => ({
  id: crypto.randomUUID(), productId, sku: `SKU-${productId}`, sha256: sha(n), stagedName: `${sha(n).slice(0, 2)}/${sha(n)}`,
  fileName: `photo ${n}.jpg`, bytes: 1000 + n, contentType: 'image/jpeg', s3Key: `products/sku-${productId}/${sha(n)}.jpg`, imageId: crypto.randomUUID(),
});
const failureOf = (fn: () => unknown): AppFailure => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
  throw new Error('expected an AppFailure');
};
const planOf = (sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');

describe('upload_jobs table', () => {
  it('creates STRICT tables and refuses an unknown state', () => {
    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE name LIKE 'upload_%' ORDER BY name").all();
    expect(strict).toEqual([{ name: 'upload_jobs', strict: 1 }, { name: 'upload_multipart', strict: 1 }, { name: 'upload_parts', strict: 1 }]);
    const job = jobs.insert(newJob(1));
    expect(() => db.prepare("UPDATE upload_jobs SET state = 'exploded' WHERE id = ?").run(job.id)).toThrow(/CHECK/);
  });

  it('inserts a queued job, due now, and reads it back', () => {
    const input = newJob(1);
    const job = jobs.insert(input);
    expect(job).toMatchObject({
      ...input, seq: 1, state: 'queued', failure: null, bytesSent: 0, attempts: 0, pausedBy: null, storedAt: null,
      createdAt: clock.toISOString(), updatedAt: clock.toISOString(), nextAttemptAt: clock.toISOString(),
    });
    expect(jobs.get(input.id)).toEqual(job);
    expect(jobs.get(crypto.randomUUID())).toBeNull();
  });

  it('keeps one job still going per (product, photo); a cancelled or done one does not block', () => {
    const first = jobs.insert(newJob(1, 1));
    expect(() => jobs.insert(newJob(1, 1))).toThrow(/UNIQUE/);
    expect(jobs.insert(newJob(1, 2)).productId).toBe(2); // same photo, another product
    expect(jobs.findLive(1, sha(1))?.id).toBe(first.id);
    jobs.transition(first.id, { type: 'cancel' });
    expect(jobs.findLive(1, sha(1))).toBeNull();
    const third = jobs.insert(newJob(1, 1));
    for (const type of ['start', 'stored', 'recorded', 'finished'] as const) jobs.transition(third.id, { type });
    expect(jobs.findLive(1, sha(1))).toBeNull();
    expect(jobs.insert(newJob(1, 1)).state).toBe('queued');
  });

  it('lists newest first, by state, by product, page after page', () => {
    const ids = Array.from({ length: 5 }, (_, i) => jobs.insert(newJob(i, i % 2 ? 2 : 1)).id);
    jobs.transition(ids[1]!, { type: 'pause' });
    expect(jobs.list().map((j) => j.id)).toEqual([...ids].reverse());
    expect(jobs.list({ states: ['paused'] }).map((j) => j.id)).toEqual([ids[1]]);
    expect(jobs.list({ states: ['queued', 'paused'], productId: 2 }).map((j) => j.id)).toEqual([ids[3], ids[1]]);
    const page1 = jobs.list({ limit: 2 });
    expect(jobs.list({ limit: 2, beforeSeq: page1.at(-1)!.seq }).map((j) => j.id)).toEqual([ids[2], ids[1]]);
  });

  it('transition writes state, updated_at and the side columns in one go', () => {
    const { id } = jobs.insert(newJob(1));
    clock = later(1000);
    expect(jobs.transition(id, { type: 'pause', by: 'queue' }).job).toMatchObject({ state: 'paused', pausedBy: 'queue', updatedAt: clock.toISOString() });
    expect(jobs.transition(id, { type: 'resume' }).job).toMatchObject({ state: 'queued', pausedBy: null, nextAttemptAt: clock.toISOString() });
    jobs.transition(id, { type: 'start' });
    const waiting = jobs.transition(id, { type: 'offline', kind: 'unreachable', message: 'The bucket cannot be reached.' }).job;
    expect(waiting).toMatchObject({ state: 'waiting', failure: { kind: 'unreachable', message: 'The bucket cannot be reached.' } });
    expect(jobs.transition(id, { type: 'online' }).job).toMatchObject({ state: 'queued', failure: null });
    jobs.transition(id, { type: 'start' });
    expect(jobs.transition(id, { type: 'stored' }).job.storedAt).toBe(clock.toISOString());
    const failed = jobs.transition(id, { type: 'fail', kind: 'db-denied', message: 'No permission to add photos.' });
    expect(failed.job).toMatchObject({ state: 'failed', failure: { kind: 'db-denied', message: 'No permission to add photos.' } });
    // Failed after the object was stored: cancelling must delete it, although `failed` alone cannot say so.
    const cancelled = jobs.transition(id, { type: 'cancel' });
    expect(cancelled).toMatchObject({ deleteObject: true, job: { state: 'cancelled', failure: { kind: 'db-denied' } } });
  });

  it('goes the happy path to done, and refuses illegal events without touching the row', () => {
    const { id } = jobs.insert(newJob(1));
    for (const type of ['start', 'stored', 'recorded', 'finished'] as const) jobs.transition(id, { type });
    const done = jobs.get(id)!;
    expect(done.state).toBe('done');
    clock = later(5000);
    const failure = failureOf(() => jobs.transition(id, { type: 'cancel' }));
    expect(failure.kind).toBe('validation');
    expect(failure.message).toMatch(/already done; it cannot be cancelled/);
    expect(jobs.get(id)).toEqual(done);
    expect(failureOf(() => jobs.transition(crypto.randomUUID(), { type: 'start' })).kind).toBe('validation');
  });

  it('flags the object for deletion when an upload in flight or stored is cancelled, not before', () => {
    const queued = jobs.insert(newJob(1));
    const uploading = jobs.insert(newJob(2));
    jobs.transition(uploading.id, { type: 'start' });
    expect(jobs.transition(queued.id, { type: 'cancel' }).deleteObject).toBe(false);
    expect(jobs.transition(uploading.id, { type: 'cancel' }).deleteObject).toBe(true);
  });

  it('claims due queued jobs in queue order, moving them to uploading atomically', () => {
    const ids = Array.from({ length: 6 }, (_, i) => jobs.insert(newJob(i)).id);
    jobs.scheduleRetry(ids[0]!, later(60_000), 1); // backing off
    jobs.transition(ids[2]!, { type: 'pause' });
    const claimed = jobs.claimRunnable(2);
    expect(claimed.map((j) => [j.id, j.state])).toEqual([[ids[1], 'uploading'], [ids[3], 'uploading']]);
    expect(jobs.claimRunnable(10).map((j) => j.id)).toEqual([ids[4], ids[5]]);
    expect(jobs.claimRunnable(10)).toEqual([]);
    expect(jobs.nextWakeAt()).toEqual(later(60_000));
    expect(jobs.claimRunnable(10, later(60_000)).map((j) => [j.id, j.attempts])).toEqual([[ids[0], 1]]);
    expect(jobs.counts()).toMatchObject({ uploading: 5, paused: 1, queued: 0, done: 0 });
  });

  it('finds the next runnable jobs through an index, without sorting or scanning', () => {
    for (let i = 0; i < 300; i++) jobs.insert(newJob(i, i % 7));
    for (const analyzed of [false, true]) {
      if (analyzed) db.exec('ANALYZE');
      const plan = planOf(claimSql, Date.now(), 3);
      expect(plan).toMatch(/SEARCH upload_jobs USING (COVERING )?INDEX upload_jobs_state_seq \(state=\?/);
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN upload_jobs/);
    }
    expect(planOf(`SELECT 1 FROM upload_jobs WHERE sha256 = ? AND state NOT IN ('done', 'cancelled') LIMIT 1`, sha(1))).toMatch(/INDEX upload_jobs_sha256_state/);
    expect(planOf(`SELECT * FROM upload_jobs WHERE product_id = ? AND sha256 = ? AND state NOT IN ('done', 'cancelled')`, 1, sha(1))).toMatch(/INDEX upload_jobs_product_sha256/);
  });

  it('recovers jobs a crash left uploading, across a reopen of the file', () => {
    const ids = Array.from({ length: 3 }, (_, i) => jobs.insert(newJob(i)).id);
    jobs.claimRunnable(2);
    jobs.setBytesSent(ids[0]!, 512);
    db.close(); // "crash"
    db = openLocalDatabase(file);
    jobs = new UploadJobsTable(db, () => clock);
    expect(jobs.recoverInFlight()).toBe(2);
    expect(jobs.recoverInFlight()).toBe(0);
    expect(jobs.get(ids[0]!)).toMatchObject({ state: 'queued', bytesSent: 512 });
    expect(jobs.counts()).toMatchObject({ queued: 3, uploading: 0 });
  });

  it('pauses and resumes all at once, leaving what a person paused alone', () => {
    const ids = Array.from({ length: 4 }, (_, i) => jobs.insert(newJob(i)).id);
    jobs.transition(ids[0]!, { type: 'pause' }); // by the person
    jobs.claimRunnable(1);
    const paused = jobs.transitionAll(['queued', 'waiting', 'uploading'], { type: 'pause', by: 'queue' });
    expect(paused.map((t) => [t.job.id, t.job.pausedBy])).toEqual([[ids[1], 'queue'], [ids[2], 'queue'], [ids[3], 'queue']]);
    expect(jobs.transitionAll(['paused'], { type: 'resume' }, { pausedBy: 'queue' })).toHaveLength(3);
    expect(jobs.get(ids[0]!)).toMatchObject({ state: 'paused', pausedBy: 'user' });
    expect(jobs.counts()).toMatchObject({ queued: 3, paused: 1 });
    expect(() => jobs.transitionAll(['queued', 'paused'], { type: 'start' })).toThrow(AppFailure);
    expect(jobs.counts()).toMatchObject({ queued: 3, paused: 1, uploading: 0 }); // all or nothing
  });

  it('lists uploaded jobs whose catalog record is due', () => {
    const { id } = jobs.insert(newJob(1));
    jobs.claimRunnable(1);
    jobs.transition(id, { type: 'stored' });
    jobs.transition(id, { type: 'offline', kind: 'unreachable', message: 'PostgreSQL cannot be reached.' });
    jobs.scheduleRetry(id, later(30_000), 1);
    expect(jobs.dueForRecording(10)).toEqual([]);
    expect(jobs.dueForRecording(10, later(30_000)).map((j) => [j.state, j.failure?.kind])).toEqual([['uploaded', 'unreachable']]);
  });

  it('tells whether a staged file or an object key is still used', () => {
    const a = jobs.insert(newJob(1, 1));
    const b = jobs.insert({ ...newJob(1, 2), s3Key: a.s3Key }); // two SKUs with the same slug
    expect(jobs.stagedFileInUse(sha(1))).toBe(true);
    expect(jobs.keyInUse(a.s3Key, a.id)).toBe(true);
    jobs.transition(b.id, { type: 'cancel' });
    expect(jobs.keyInUse(a.s3Key, a.id)).toBe(false);
    jobs.transition(a.id, { type: 'cancel' });
    expect(jobs.stagedFileInUse(sha(1))).toBe(false);
  });
});

describe('multipart checkpoints', () => {
  it('remember the upload and its parts across a reopen, each write on its own', () => {
    const { id } = jobs.insert(newJob(1));
    const checkpoint = jobs.checkpoints(id);
    expect(checkpoint.load()).toBeNull();
    checkpoint.begin('upload-1', 8 * 1024 * 1024);
    checkpoint.partDone({ partNumber: 2, etag: 'e2', checksumCrc32: 'AAAAAg==', size: 8 });
    checkpoint.partDone({ partNumber: 1, etag: 'e1', checksumCrc32: null, size: 8 });
    checkpoint.partDone({ partNumber: 2, etag: 'e2-again', checksumCrc32: 'AAAAAw==', size: 8 });
    db.close();
    db = openLocalDatabase(file);
    jobs = new UploadJobsTable(db, () => clock);
    expect(jobs.checkpoints(id).load()).toEqual({
      uploadId: 'upload-1', partSize: 8 * 1024 * 1024,
      parts: [{ partNumber: 1, etag: 'e1', checksumCrc32: null, size: 8 }, { partNumber: 2, etag: 'e2-again', checksumCrc32: 'AAAAAw==', size: 8 }],
    });
  });

  it('start over with begin, forget with clear, and go with their job', () => {
    const { id } = jobs.insert(newJob(1));
    const checkpoint = jobs.checkpoints(id);
    expect(() => checkpoint.partDone({ partNumber: 1, etag: 'e', checksumCrc32: null, size: 1 })).toThrow(/FOREIGN KEY/);
    checkpoint.begin('old', 5 * 1024 * 1024);
    checkpoint.partDone({ partNumber: 1, etag: 'e', checksumCrc32: null, size: 1 });
    checkpoint.begin('new', 6 * 1024 * 1024);
    expect(checkpoint.load()).toEqual({ uploadId: 'new', partSize: 6 * 1024 * 1024, parts: [] });
    checkpoint.partDone({ partNumber: 1, etag: 'e', checksumCrc32: null, size: 1 });
    checkpoint.clear();
    expect(checkpoint.load()).toBeNull();
    expect(db.prepare('SELECT count(*) FROM upload_parts').pluck().get()).toBe(0);
    checkpoint.begin('again', 5 * 1024 * 1024);
    checkpoint.partDone({ partNumber: 1, etag: 'e', checksumCrc32: null, size: 1 });
    db.prepare('DELETE FROM upload_jobs WHERE id = ?').run(id);
    expect(db.prepare('SELECT (SELECT count(*) FROM upload_multipart) + (SELECT count(*) FROM upload_parts)').pluck().get()).toBe(0);
  });
});
