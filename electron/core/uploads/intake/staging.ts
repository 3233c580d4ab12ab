import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * The staging folder: Vitrina's own copy of every queued photo, so that moving or deleting the original after
 * the drop changes nothing. Content-addressed (`<sha[0,2]>/<sha256>`): the same photo dropped on two products
 * is stored once. A copy is written under `tmp/`, fsynced, then renamed into place and the folder fsynced, so
 * a staged name always means complete, durable bytes.
 */

/**
 * The one file-system call intake makes through a port: opening the temporary copy. Tests inject a failing
 * one only where no real disk can produce the fault; everything else uses node:fs directly.
 */
export interface StagingFs {
  open(file: string, flags: string, mode?: number): Promise<FileHandle>;
}

export const nodeStagingFs: StagingFs = { open: (file, flags, mode) => fsp.open(file, flags, mode) };

/** A failure of Vitrina's side of the copy (the staging disk), as opposed to reading the original. */
export class StagingError extends Error {
  constructor(readonly errno: NodeJS.ErrnoException) {
    super(errno.message);
    this.name = 'StagingError';
  }
}

/** A failure to read the original file. */
export class SourceReadError extends Error {
  constructor(readonly errno: NodeJS.ErrnoException) {
    super(errno.message);
    this.name = 'SourceReadError';
  }
}

export interface TempCopy {
  tmpPath: string;
  sha256: string;
  bytes: number;
}

const CHUNK = 1024 * 1024;

/** `<sha[0,2]>/<sha256>`: where a content's staged copy lives, relative to the staging folder. */
export function stagedNameFor(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}

/**
 * Copies the open source into `stagingDir/tmp/<uuid>`, hashing the same bytes on the way (the file is read
 * once, one chunk at a time; `first` is the chunk already read from offset 0 for type detection), then fsyncs
 * the copy.
 * Returns null — and leaves no temp file — once more than `maxBytes` were read (a file growing while copied).
 */
export async function copyToTemp(
  stagingFs: StagingFs,
  stagingDir: string,
  source: FileHandle,
  first: Buffer,
  maxBytes: number,
): Promise<TempCopy | null> {
  const tmpPath = path.join(stagingDir, 'tmp', crypto.randomUUID());
  const hash = crypto.createHash('sha256');
  let dest: FileHandle | undefined;
  let complete = false;
  try {
    dest = await staging(() => stagingFs.open(tmpPath, 'wx', 0o600));
    const buffer = Buffer.alloc(CHUNK);
    let chunk = first;
    let bytes = 0;
    while (chunk.length > 0) {
      bytes += chunk.length;
      if (bytes > maxBytes) return null;
      hash.update(chunk);
      await writeAll(dest, chunk);
      const { bytesRead } = await source.read(buffer, 0, CHUNK, bytes).catch((error: NodeJS.ErrnoException) => {
        throw new SourceReadError(error);
      });
      chunk = buffer.subarray(0, bytesRead);
    }
    await staging(() => dest!.sync());
    await staging(() => dest!.close());
    dest = undefined;
    complete = true;
    return { tmpPath, sha256: hash.digest('hex'), bytes };
  } finally {
    if (dest) await dest.close().catch(() => {});
    if (!complete) await fsp.rm(tmpPath, { force: true }).catch(() => {});
  }
}

async function writeAll(dest: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await staging(() => dest.write(chunk, offset, chunk.length - offset, null));
    offset += bytesWritten;
  }
}

/**
 * Moves a complete temp copy to its content address (synchronously, so that no `releaseStaged` of the same
 * content can run in between in this process). An existing staged copy of the same size is kept and the temp
 * copy dropped: same sha256, same bytes. Returns the staged name.
 */
export function placeStaged(stagingDir: string, copy: TempCopy): string {
  const name = stagedNameFor(copy.sha256);
  const target = path.join(stagingDir, name);
  const shard = path.dirname(target);
  try {
    stagingSync(() => {
      if (!fs.existsSync(shard)) {
        fs.mkdirSync(shard, { recursive: true });
        fsyncDir(stagingDir);
      }
      if (sizeOf(target) === copy.bytes) return;
      fs.renameSync(copy.tmpPath, target);
      fsyncDir(shard);
    });
  } finally {
    fs.rmSync(copy.tmpPath, { force: true }); // already gone when it was renamed
  }
  return name;
}

/**
 * Creates `stagingDir/tmp`. The last level is a plain mkdir: a recursive one reports ENOENT instead of the
 * real cause (EROFS, EACCES) when the folder cannot be created, and the person needs the real cause.
 */
export async function ensureStagingDirs(stagingDir: string): Promise<void> {
  await staging(async () => {
    await fsp.mkdir(path.dirname(stagingDir), { recursive: true });
    for (const dir of [stagingDir, path.join(stagingDir, 'tmp')]) {
      await fsp.mkdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
  });
}

/**
 * Deletes leftover temp copies (a crash in the middle of a drop). Only on start-up, before any intake runs:
 * it would delete copies still being written.
 */
export async function clearStagingTemp(stagingDir: string): Promise<void> {
  await fsp.rm(path.join(stagingDir, 'tmp'), { recursive: true, force: true });
}

/**
 * The top folder of the disk that holds `dir` (where the device number changes), to name it in "free space
 * on …". Falls back to `dir` itself.
 */
export function diskOf(dir: string): string {
  try {
    let current = path.resolve(dir);
    while (!fs.existsSync(current)) current = path.dirname(current);
    const device = fs.statSync(current).dev;
    for (;;) {
      const parent = path.dirname(current);
      if (parent === current || fs.statSync(parent).dev !== device) return current;
      current = parent;
    }
  } catch {
    return dir;
  }
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** Makes a directory entry (create, rename) durable. Windows cannot open folders for fsync; NTFS journals them. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function staging<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof StagingError || error instanceof SourceReadError ? error : new StagingError(error as NodeJS.ErrnoException);
  }
}

function stagingSync<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new StagingError(error as NodeJS.ErrnoException);
  }
}
