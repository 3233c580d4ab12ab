import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, type StagingFs } from '../../../../electron/core/uploads/intake';
import { makeIntakeFixture, type IntakeFixture } from './intakeFixture';
import { jpeg } from './sampleImages';

/**
 * Staging failures. Disk full and read-only disk use a real tmpfs when this process may mount one (root, as in
 * CI's container); otherwise the same fault is injected through the StagingFs port. "Permission denied" is
 * always injected: root writes through any permission bits, so no real folder can produce it here.
 */

let fx: IntakeFixture;
const mounts: string[] = [];
beforeEach(() => {
  fx = makeIntakeFixture();
});
afterEach(() => {
  for (const dir of mounts.splice(0)) execFileSync('umount', [dir]);
  fx.remove();
});

function mountTmpfs(options: string): string | null {
  const dir = path.join(fx.dir, `disk-${mounts.length}`);
  fs.mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounts.push(dir);
  return dir;
}

const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

/** A StagingFs whose temp files are real but whose writes fail with `code` (or whose open fails). */
function failingFs(code: string, at: 'open' | 'write'): StagingFs {
  return {
    async open(file, flags, mode) {
      if (at === 'open') throw errno(code);
      const handle = await fsp.open(file, flags, mode);
      return new Proxy(handle, {
        get(target, key) {
          if (key === 'write') return async () => Promise.reject(errno(code));
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      }) as FileHandle;
    },
  };
}

const rejection = async (files: string[]) => {
  const outcomes = await enqueue(fx.deps, 'CPU-AMD-7800X3D', files);
  return outcomes.map((o) => (o.status === 'rejected' ? { kind: o.kind, message: o.message } : o.status));
};

describe('intake when staging fails', () => {
  it('disk full: refuses the photo, says which disk to free, leaves no temp file and no job', async () => {
    const disk = mountTmpfs('size=1m');
    if (disk) fx.deps.stagingDir = disk;
    else fx.deps.stagingFs = failingFs('ENOSPC', 'write');
    const where = fx.deps.stagingDir;
    const shownDisk = disk ?? expect.any(String);

    const [refused] = await rejection([fx.write('big.jpg', jpeg(1, 2_000_000))]);
    expect(refused).toEqual({ kind: 'staging-failed', message: expect.stringContaining(`was not copied into Vitrina's staging folder (${where}). Free space on `) });
    expect(refused).toMatchObject({ message: expect.stringMatching(/^The disk .+ is full, so "big\.jpg" was not copied/) });
    if (disk) expect((refused as { message: string }).message).toContain(`Free space on ${shownDisk} and drop the photo again.`);
    expect(fx.tempFiles()).toEqual([]);
    expect(fx.stagedFiles()).toEqual([]);
    expect(fx.jobCount()).toBe(0);

    if (disk) {
      // The failed copy's space was given back: a small photo fits again.
      expect(await rejection([fx.write('small.jpg', jpeg(2, 5_000))])).toEqual(['queued']);
      expect(fx.jobCount()).toBe(1);
    }
  });

  it('read-only disk: refuses every photo of the drop with the reason', async () => {
    const disk = mountTmpfs('ro,size=1m');
    if (disk) fx.deps.stagingDir = disk;
    else fx.deps.stagingFs = failingFs('EROFS', 'open');
    const outcomes = await rejection([fx.write('a.jpg', jpeg(3)), fx.write('b.jpg', jpeg(4))]);
    expect(outcomes).toEqual([
      { kind: 'staging-failed', message: expect.stringMatching(/^The disk .+ is read-only, so "a\.jpg" was not copied into Vitrina's staging folder .+ Make it writable and drop the photo again\.$/) },
      { kind: 'staging-failed', message: expect.stringContaining('"b.jpg" was not copied') },
    ]);
    expect(fx.jobCount()).toBe(0);
  });

  it('permission denied (injected): refuses the photo and keeps going with the next drop', async () => {
    fx.deps.stagingFs = failingFs('EACCES', 'open');
    expect(await rejection([fx.write('c.jpg', jpeg(5))])).toEqual([
      { kind: 'staging-failed', message: `Vitrina is not allowed to write there, so "c.jpg" was not copied into Vitrina's staging folder (${fx.deps.stagingDir}). Check the folder's permissions and drop the photo again.` },
    ]);
    expect(fx.tempFiles()).toEqual([]);
    expect(fx.jobCount()).toBe(0);
    delete fx.deps.stagingFs;
    expect(await rejection([fx.write('c.jpg', jpeg(5))])).toEqual(['queued']);
  });
});
