import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnqueueOutcome } from '../../../../shared/uploads';
import { enqueue, releaseStaged } from '../../../../electron/core/uploads/intake';
import { makeIntakeFixture, sha256, type IntakeFixture } from './intakeFixture';
import { jpeg, pdf, png } from './sampleImages';

let fx: IntakeFixture;
beforeEach(() => {
  fx = makeIntakeFixture();
});
afterEach(() => fx.remove());

const CPU = 'CPU-AMD-7800X3D';
const GPU = 'GPU-RTX-4070';
const only = async (sku: string, file: string) => (await enqueue(fx.deps, sku, [file]))[0]!;
const queuedJob = (outcome: EnqueueOutcome) => {
  if (outcome.status !== 'queued') throw new Error(`expected queued, got ${JSON.stringify(outcome)}`);
  return outcome.job;
};

describe('intake: a dropped photo becomes a staged copy and a queued job', () => {
  it('stages the bytes under their sha256 and queues the job with its object key', async () => {
    const bytes = png(1, 64);
    const outcome = await only(CPU, fx.write('front.png', bytes));
    const job = queuedJob(outcome);
    const sha = sha256(bytes);
    expect(job).toMatchObject({
      sku: CPU, productId: 1, fileName: 'front.png', bytes: bytes.length, contentType: 'image/png', sha256: sha, state: 'queued',
      s3Key: `products/cpu-amd-7800x3d/${sha}.png`, bytesSent: 0, attempts: 0, failure: null,
    });
    expect(fx.jobs.get(job.id)).toMatchObject({ stagedName: `${sha.slice(0, 2)}/${sha}`, state: 'queued' });
    expect(fx.stagedFiles()).toEqual([path.join(fx.deps.stagingDir, sha.slice(0, 2), sha)]);
    expect(fx.tempFiles()).toEqual([]);
  });

  it('keeps the staged copy byte-exact when the original is deleted or changed afterwards', async () => {
    const bytes = jpeg(7, 300_000);
    const original = fx.write('IMG_0001.JPG', bytes);
    const job = queuedJob(await only(CPU, original));
    fs.writeFileSync(original, jpeg(8, 10)); // edited in place…
    fs.rmSync(original); // …then deleted
    const staged = fs.readFileSync(path.join(fx.deps.stagingDir, fx.jobs.get(job.id)!.stagedName));
    expect(staged.equals(bytes)).toBe(true);
    expect(fx.jobs.get(job.id)?.state).toBe('queued');
  });

  it('queues 500 photos in one drop', async () => {
    const files = Array.from({ length: 500 }, (_, i) => fx.write(`photo-${i}.jpg`, jpeg(i, 2_000)));
    const outcomes = await enqueue(fx.deps, CPU, files);
    expect(outcomes.map((o) => o.status)).toEqual(Array(500).fill('queued'));
    expect(outcomes.map((o) => o.file)).toEqual(files); // in the order given
    expect(fx.jobCount()).toBe(500);
    expect(fx.jobs.counts().queued).toBe(500);
    expect(fx.stagedFiles()).toHaveLength(500);
    expect(fx.tempFiles()).toEqual([]);
  });

  it('queues the same photo once per product; a second drop says it is already queued', async () => {
    const bytes = png(2);
    const first = queuedJob(await only(CPU, fx.write('a.png', bytes)));
    const again = await enqueue(fx.deps, CPU, [fx.write('copy of a.png', bytes), fx.write('b.png', bytes)]);
    expect(again).toEqual([
      { file: path.join(fx.photos, 'copy of a.png'), status: 'duplicate', reason: 'already-queued', jobId: first.id, message: `"copy of a.png" is already queued for ${CPU} (as "a.png").` },
      expect.objectContaining({ status: 'duplicate', reason: 'already-queued', jobId: first.id }),
    ]);
    expect(fx.jobCount()).toBe(1);
    expect(fx.stagedFiles()).toHaveLength(1);
  });

  it('queues the same photo on two products as two jobs sharing one staged file', async () => {
    const file = fx.write('shared.png', png(3));
    const onCpu = queuedJob(await only(CPU, file));
    const onGpu = queuedJob(await only(GPU, file));
    expect(onGpu.id).not.toBe(onCpu.id);
    expect([onCpu.s3Key.split('/')[1], onGpu.s3Key.split('/')[1]]).toEqual(['cpu-amd-7800x3d', 'gpu-rtx-4070']);
    expect(fx.stagedFiles()).toHaveLength(1);
  });

  it('allows dropping a photo again once its job was cancelled, or done and the photo later deleted', async () => {
    const file = fx.write('again.png', png(4));
    const first = queuedJob(await only(CPU, file));
    fx.jobs.transition(first.id, { type: 'cancel' });
    const second = queuedJob(await only(CPU, file));
    expect(second.id).not.toBe(first.id);
    fx.jobs.transition(second.id, { type: 'pause' });
    expect(await only(CPU, file)).toMatchObject({ reason: 'already-queued', message: expect.stringMatching(/, paused\. Resume it in the upload list\.$/) });
    fx.jobs.transition(second.id, { type: 'resume' });
    for (const type of ['start', 'stored', 'recorded', 'finished'] as const) fx.jobs.transition(second.id, { type });
    // done, and (the mirror has no row: the photo was deleted from the product since) it can come back
    expect(queuedJob(await only(CPU, file)).id).not.toBe(second.id);
  });

  it('says when the product already has the photo, and keeps no staged copy for it', async () => {
    const bytes = png(5);
    fx.db.prepare(
      `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position, created_at, updated_at, version)
       VALUES ('0b7c9a64-4a2f-4c58-9d8e-0c2b7f1a9e11', 1, 'products/x.png', 'image/png', ?, ?, 0, 'now', 'now', 1)`,
    ).run(bytes.length, sha256(bytes));
    expect(await only(CPU, fx.write('old.png', bytes))).toMatchObject({
      status: 'duplicate', reason: 'already-on-product', imageId: '0b7c9a64-4a2f-4c58-9d8e-0c2b7f1a9e11', message: `"old.png" is already one of the photos of ${CPU}.`,
    });
    expect(fx.jobCount()).toBe(0);
    expect(fx.stagedFiles()).toEqual([]);
  });

  it('follows a link whose target stays inside the allowed folders', async () => {
    fs.symlinkSync(fx.write('real.jpg', jpeg(10)), path.join(fx.photos, 'shortcut.jpg'));
    const viaLink = queuedJob(await only(CPU, path.join(fx.photos, 'shortcut.jpg')));
    expect(viaLink).toMatchObject({ fileName: 'shortcut.jpg', sha256: sha256(jpeg(10)) });
  });

  it('keeps names with accents, spaces, quotes and emoji', async () => {
    const names = ['Fotografía frontal.jpg', `it's "the" one.jpg`, 'ünïcödé 📷 ñ.jpg', '  leading and trailing  .jpg'];
    const outcomes = await enqueue(fx.deps, CPU, names.map((name, i) => fx.write(name, jpeg(100 + i))));
    expect(outcomes.map((o) => queuedJob(o).fileName)).toEqual(names);
  });

  it('refuses every file of a drop on an unknown SKU, saying how to fix it', async () => {
    const outcomes = await enqueue(fx.deps, 'NOPE-1', [fx.write('a.jpg', jpeg(1)), fx.write('b.jpg', jpeg(2))]);
    expect(outcomes).toHaveLength(2);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', kind: 'unknown-sku' });
      expect(outcome.status === 'rejected' && outcome.message).toMatch(/"NOPE-1".*run `vitrina sync`/);
    }
    expect(fx.jobCount()).toBe(0);
    expect(fx.stagedFiles()).toEqual([]);
  });
});

describe('intake refuses what is not a photo file, with a sentence', () => {
  /** The refusal, after checking that it left no job, no staged file and no temp file behind. */
  const refusal = async (file: string) => {
    const outcome = await only(CPU, file);
    if (outcome.status !== 'rejected') throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
    expect(fx.jobCount()).toBe(0);
    expect(fx.stagedFiles()).toEqual([]);
    expect(fx.tempFiles()).toEqual([]);
    return { kind: outcome.kind, message: outcome.message };
  };

  it('a folder', async () => {
    const dir = path.join(fx.photos, 'Summer shoot');
    fs.mkdirSync(dir);
    expect(await refusal(dir)).toEqual({ kind: 'not-a-file', message: '"Summer shoot" is a folder, not a photo file. Drop the photos inside it instead.' });
  });

  it('a named pipe (without blocking on it)', async () => {
    const fifo = path.join(fx.photos, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toEqual({ kind: 'not-a-file', message: '"pipe.jpg" is a named pipe, not a photo file.' });
  });

  it('a device', async () => {
    expect(await refusal('/dev/null')).toMatchObject({ kind: 'not-a-file', message: '"null" is a device, not a photo file.' });
  });

  it('a link that leads outside the allowed folders', async () => {
    const outside = fs.mkdtempSync(path.join(path.dirname(fx.dir), 'vitrina-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.jpg'), jpeg(9));
      const link = path.join(fx.photos, 'innocent.jpg');
      fs.symlinkSync(path.join(outside, 'secret.jpg'), link);
      const refused = await refusal(link);
      expect(refused.kind).toBe('link-not-allowed');
      expect(refused.message).toContain(`"innocent.jpg" is a link to ${fs.realpathSync(outside)}/secret.jpg, outside your home and temporary folders.`);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a broken link, a link to a folder, a missing file', async () => {
    fs.symlinkSync(path.join(fx.photos, 'gone.jpg'), path.join(fx.photos, 'broken.jpg'));
    expect(await refusal(path.join(fx.photos, 'broken.jpg'))).toEqual({ kind: 'not-found', message: '"broken.jpg" is a link to a file that does not exist.' });
    fs.symlinkSync(fx.photos, path.join(fx.photos, 'album'));
    expect(await refusal(path.join(fx.photos, 'album'))).toMatchObject({ kind: 'not-a-file', message: expect.stringMatching(/^"album" is a link to a folder/) });
    expect(await refusal(path.join(fx.photos, 'never-existed.jpg'))).toEqual({ kind: 'not-found', message: '"never-existed.jpg" was not found; it may have been moved or deleted.' });
  });

  it('a PDF renamed .jpg', async () => {
    expect(await refusal(fx.write('invoice.jpg', pdf()))).toEqual({
      kind: 'not-an-image',
      message: '"invoice.jpg" is a PDF document, not an image. Vitrina uploads JPEG, PNG, GIF, WebP, AVIF, HEIC/HEIF, TIFF and BMP photos.',
    });
    expect((await refusal(fx.write('notes.png', Buffer.from('hello')))).message).toMatch(/^"notes.png" is not an image Vitrina recognises/);
  });

  it('an empty file', async () => {
    expect(await refusal(fx.write('empty.jpg', Buffer.alloc(0)))).toEqual({ kind: 'empty', message: '"empty.jpg" is empty (0 bytes).' });
  });

  it('a file over the size limit, saying both sizes in MB', async () => {
    fx.deps.maxBytes = 1_000_000;
    expect(await refusal(fx.write('huge.jpg', jpeg(11, 1_500_000)))).toEqual({
      kind: 'too-large',
      message: '"huge.jpg" is 1.5 MB; the limit is 1 MB. Make the photo smaller, or raise the limit (setting uploads.maxFileMB).',
    });
    expect((await refusal(fx.write('just-over.jpg', jpeg(12, 1_000_001)))).message).toMatch(/is 1\.000001 MB; the limit is 1 MB/);
  });
});

describe('releaseStaged', () => {
  it('deletes a staged file only when no job still going uses it', async () => {
    const file = fx.write('p.png', png(20));
    const a = queuedJob(await only(CPU, file));
    const b = queuedJob(await only(GPU, file));
    expect(releaseStaged(fx.deps, a.sha256)).toBe(false);
    for (const type of ['start', 'stored', 'recorded', 'finished'] as const) fx.jobs.transition(a.id, { type });
    expect(releaseStaged(fx.deps, a.sha256)).toBe(false); // b still needs it
    fx.jobs.transition(b.id, { type: 'pause' });
    expect(releaseStaged(fx.deps, a.sha256)).toBe(false);
    fx.jobs.transition(b.id, { type: 'cancel' });
    expect(releaseStaged(fx.deps, a.sha256)).toBe(true);
    expect(fx.stagedFiles()).toEqual([]);
    expect(releaseStaged(fx.deps, a.sha256)).toBe(false); // already gone
  });
});
