import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EnqueueOutcome, ImageContentType } from '../../../../shared/uploads';
import type { LocalDatabase } from '../../store/database';
import { toUploadJob, type UploadJobsTable } from '../../store/uploadJobs';
import { extensionFor, objectKeyFor } from '../objectKey';
import { alreadyQueued, grewTooLarge, notAnImage, readFailure, rejected, stagingRefusal, tooLarge, unknownSku } from './messages';
import { sniff } from './sniff';
import { openSource, resolveRoots } from './source';
import {
  copyToTemp,
  ensureStagingDirs,
  nodeStagingFs,
  placeStaged,
  SourceReadError,
  StagingError,
  stagedNameFor,
  type StagingFs,
  type TempCopy,
} from './staging';

export interface IntakeDeps {
  /** The workspace's local store: duplicate checks and the insert share one transaction on it. */
  db: LocalDatabase;
  jobs: Pick<UploadJobsTable, 'insert' | 'findLive' | 'catalogImageWith' | 'stagedFileInUse'>;
  /** The product with this SKU in the local mirror (case-insensitive), or null. */
  productLookup: (sku: string) => { id: number; sku: string } | null;
  /** Vitrina's staging folder (created if missing). */
  stagingDir: string;
  /** `uploads.maxFileMB` in bytes (MB = 1,000,000 bytes). */
  maxBytes: number;
  /** Folders a dropped link may point into: the caller passes the user's home and the OS temp folder. */
  allowedRoots: readonly string[];
  /** `s3.keyPrefix` at the time of the drop. */
  keyPrefix: string;
  now: () => Date;
  /** Only for fault-injection tests. */
  stagingFs?: StagingFs;
  /** Files copied at the same time (default 2: the disk, not the CPU, is the limit). */
  concurrency?: number;
}

/**
 * Queues photos dropped on the product with `sku` (DESIGN.md, first box). For each file, in order: checks it
 * is a readable regular image within the size limit; streams it once through sha256 into the staging folder
 * and makes the copy durable; then, in ONE SQLite transaction, refuses a duplicate (same photo queued for this
 * product and not yet done or cancelled, or already on it in the mirror) or inserts the job. Once this resolves, the original can be moved or
 * deleted: the queue only reads the staged copy. One file's refusal never stops the others.
 */
export async function enqueue(deps: IntakeDeps, sku: string, filePaths: readonly string[]): Promise<EnqueueOutcome[]> {
  const product = deps.productLookup(sku);
  if (!product) return filePaths.map((file) => rejected(file, unknownSku(sku)));
  const roots = await resolveRoots(deps.allowedRoots);
  const ready = ensureStagingDirs(deps.stagingDir).then(
    () => null,
    (error: StagingError) => error,
  );
  // Files are read and copied in parallel, but committed in the order given: the same photo dropped twice
  // in one drop is queued as the first copy and reported as a duplicate for the second, every time.
  const turns = filePaths.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  return mapWithConcurrency(filePaths, deps.concurrency ?? 2, async (file, index) => {
    try {
      const failedSetup = await ready;
      if (failedSetup) return rejected(file, stagingRefusal(path.basename(file), deps.stagingDir, failedSetup.errno));
      return await intakeOne(deps, product, roots, file, () => (index === 0 ? Promise.resolve() : turns[index - 1]!.promise));
    } finally {
      turns[index]!.resolve();
    }
  });
}

async function intakeOne(deps: IntakeDeps, product: { id: number; sku: string }, roots: string[], file: string, myTurn: () => Promise<void>): Promise<EnqueueOutcome> {
  const name = path.basename(file);
  const source = await openSource(file, roots);
  if ('refusal' in source) return rejected(file, source.refusal);
  let prepared: { copy: TempCopy; contentType: ImageContentType };
  try {
    if (source.size === 0) return rejected(file, { kind: 'empty', message: `"${name}" is empty (0 bytes).` });
    if (source.size > deps.maxBytes) return rejected(file, tooLarge(name, source.size, deps.maxBytes));
    const first = Buffer.alloc(Math.min(1024 * 1024, source.size));
    const { bytesRead } = await source.handle.read(first, 0, first.length, 0);
    const sniffed = sniff(first.subarray(0, bytesRead));
    if (!sniffed.image) return rejected(file, notAnImage(name, sniffed.looksLike));
    const copied = await copyToTemp(deps.stagingFs ?? nodeStagingFs, deps.stagingDir, source.handle, first.subarray(0, bytesRead), deps.maxBytes);
    if (!copied) return rejected(file, grewTooLarge(name, deps.maxBytes));
    prepared = { copy: copied, contentType: sniffed.contentType };
  } catch (error) {
    if (error instanceof StagingError) return rejected(file, stagingRefusal(name, deps.stagingDir, error.errno));
    if (error instanceof SourceReadError || isErrno(error)) return rejected(file, readFailure(name, error));
    throw error;
  } finally {
    await source.handle.close();
  }
  await myTurn();
  return commit(deps, product, file, prepared.copy, prepared.contentType);
}

/**
 * Synchronous on purpose, from placing the staged file to the end of the transaction: in this process no
 * `releaseStaged` of the same content can delete the file between the two.
 */
function commit(deps: IntakeDeps, product: { id: number; sku: string }, file: string, copy: TempCopy, contentType: ImageContentType): EnqueueOutcome {
  const name = path.basename(file);
  let stagedName: string;
  try {
    stagedName = placeStaged(deps.stagingDir, copy);
  } catch (error) {
    if (error instanceof StagingError) return rejected(file, stagingRefusal(name, deps.stagingDir, error.errno));
    throw error;
  }
  const outcome = deps.db.transaction((): EnqueueOutcome => {
    const queued = deps.jobs.findLive(product.id, copy.sha256);
    if (queued) {
      return { file, status: 'duplicate', reason: 'already-queued', jobId: queued.id, message: alreadyQueued(name, product.sku, queued) };
    }
    const imageId = deps.jobs.catalogImageWith(product.id, copy.sha256);
    if (imageId) {
      return { file, status: 'duplicate', reason: 'already-on-product', imageId, message: `"${name}" is already one of the photos of ${product.sku}.` };
    }
    const s3Key = objectKeyFor({ prefix: deps.keyPrefix, sku: product.sku, productId: product.id, sha256: copy.sha256, ext: extensionFor(contentType) });
    const job = deps.jobs.insert(
      { id: crypto.randomUUID(), productId: product.id, sku: product.sku, sha256: copy.sha256, stagedName, fileName: name, bytes: copy.bytes, contentType, s3Key, imageId: crypto.randomUUID() },
      deps.now(),
    );
    return { file, status: 'queued', job: toUploadJob(job) };
  })();
  if (outcome.status === 'duplicate') releaseStaged(deps, copy.sha256);
  return outcome;
}

/**
 * Deletes the staged copy of this content when no job that is still going (not done, not cancelled) uses it.
 * The queue calls it after a job ends; intake after refusing a duplicate. Returns whether a file was deleted.
 */
export function releaseStaged(deps: { jobs: Pick<UploadJobsTable, 'stagedFileInUse'>; stagingDir: string }, sha256: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(sha256) || deps.jobs.stagedFileInUse(sha256)) return false;
  const file = path.join(deps.stagingDir, stagedNameFor(sha256));
  try {
    fs.unlinkSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** Runs `task` over `items` with at most `limit` at a time; results in input order. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
