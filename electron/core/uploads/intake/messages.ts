import type { EnqueueOutcome, UploadJob } from '../../../../shared/uploads';
import type { Refusal } from './source';
import { diskOf, SourceReadError } from './staging';

/** The sentences intake answers with: what happened to the file and what to do next. */

export function rejected(file: string, refusal: Refusal): EnqueueOutcome {
  return { file, status: 'rejected', kind: refusal.kind, message: refusal.message };
}

export function unknownSku(sku: string): Refusal {
  return {
    kind: 'unknown-sku',
    message: `No product with SKU "${sku}" is in the local catalog. Check the SKU, or run \`vitrina sync\` to fetch the latest catalog, then drop the photos again.`,
  };
}

export function alreadyQueued(name: string, sku: string, job: Pick<UploadJob, 'fileName' | 'state'>): string {
  const queued = `"${name}" is already queued for ${sku} (as "${job.fileName}")`;
  if (job.state === 'failed') return `${queued}, and its upload failed. Retry it in the upload list.`;
  if (job.state === 'paused') return `${queued}, paused. Resume it in the upload list.`;
  return `${queued}.`;
}

export function tooLarge(name: string, bytes: number, maxBytes: number): Refusal {
  const limit = megabytes(maxBytes, 1);
  let size = megabytes(bytes, 1);
  if (size === limit) size = megabytes(bytes, 6); // 50.00001 MB must not read as "50 MB; the limit is 50 MB"
  return {
    kind: 'too-large',
    message: `"${name}" is ${size} MB; the limit is ${limit} MB. Make the photo smaller, or raise the limit (setting uploads.maxFileMB).`,
  };
}

export function grewTooLarge(name: string, maxBytes: number): Refusal {
  return { kind: 'too-large', message: `"${name}" grew past the ${megabytes(maxBytes, 1)} MB limit while it was being copied. Drop it again once it is saved.` };
}

export function notAnImage(name: string, looksLike: string | null): Refusal {
  const accepted = 'Vitrina uploads JPEG, PNG, GIF, WebP, AVIF, HEIC/HEIF, TIFF and BMP photos.';
  return {
    kind: 'not-an-image',
    message: looksLike ? `"${name}" is ${looksLike}, not an image. ${accepted}` : `"${name}" is not an image Vitrina recognises. ${accepted}`,
  };
}

export function readFailure(name: string, error: SourceReadError | NodeJS.ErrnoException): Refusal {
  const errno = error instanceof SourceReadError ? error.errno : error;
  return {
    kind: 'unreadable',
    message: `Vitrina could not read "${name}" (${errno.code ?? errno.message}). Drop it again; if it keeps failing, copy it to another disk first.`,
  };
}

/** The copy into staging failed: Vitrina's disk, not the photo, is the problem. */
export function stagingRefusal(name: string, stagingDir: string, error: NodeJS.ErrnoException): Refusal {
  const notCopied = `"${name}" was not copied into Vitrina's staging folder (${stagingDir})`;
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT': {
      const disk = diskOf(stagingDir);
      return { kind: 'staging-failed', message: `The disk ${disk} is full, so ${notCopied}. Free space on ${disk} and drop the photo again.` };
    }
    case 'EACCES':
    case 'EPERM':
      return { kind: 'staging-failed', message: `Vitrina is not allowed to write there, so ${notCopied}. Check the folder's permissions and drop the photo again.` };
    case 'EROFS':
      return { kind: 'staging-failed', message: `The disk ${diskOf(stagingDir)} is read-only, so ${notCopied}. Make it writable and drop the photo again.` };
    default:
      return { kind: 'staging-failed', message: `${notCopied} (${error.code ?? error.message}). Drop the photo again; if it keeps failing, send the log file to support.` };
  }
}

/** Bytes as MB (1,000,000 bytes, like `uploads.maxFileMB`), with at most `digits` decimals. */
function megabytes(bytes: number, digits: number): string {
  return (bytes / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: digits, useGrouping: false });
}
