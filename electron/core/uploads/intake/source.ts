import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { IntakeRejectionKind } from '../../../../shared/uploads';

/** Why a dropped path cannot be read as a photo, with the sentence for the person. */
export interface Refusal {
  kind: IntakeRejectionKind;
  message: string;
}

export type OpenedSource = { handle: FileHandle; size: number } | { refusal: Refusal };

// O_NOFOLLOW: the path was checked with lstat; a link swapped in afterwards is not followed. O_NONBLOCK: a
// FIFO swapped in afterwards cannot block the open. Neither exists on Windows (0 there).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Opens a dropped path for reading if it is a regular file: folders, devices, pipes and sockets are refused.
 * A symbolic link is followed only when its real target lies inside one of `allowedRoots` (already resolved
 * with `resolveRoots`), so a link cannot make Vitrina upload a file from elsewhere on the system. The type is
 * checked again on the open handle, which is what gets read.
 */
export async function openSource(file: string, allowedRoots: readonly string[]): Promise<OpenedSource> {
  const name = path.basename(file);
  let target = path.resolve(file);
  let stats: fs.Stats;
  try {
    stats = await fsp.lstat(target);
  } catch (error) {
    return { refusal: readRefusal(name, error as NodeJS.ErrnoException) };
  }
  let viaLink = false;
  if (stats.isSymbolicLink()) {
    viaLink = true;
    try {
      target = await fsp.realpath(target);
      stats = await fsp.stat(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ELOOP') {
        return { refusal: { kind: 'not-found', message: `"${name}" is a link to a file that does not exist.` } };
      }
      return { refusal: readRefusal(name, error as NodeJS.ErrnoException) };
    }
    if (!allowedRoots.some((root) => isInside(target, root))) {
      return {
        refusal: {
          kind: 'link-not-allowed',
          message: `"${name}" is a link to ${target}, outside your home and temporary folders. Vitrina only follows links that stay inside them; copy the photo there and drop the copy.`,
        },
      };
    }
  }
  const notFile = notAFile(name, stats, viaLink);
  if (notFile) return { refusal: notFile };
  let handle: FileHandle;
  try {
    handle = await fsp.open(target, OPEN_FLAGS);
  } catch (error) {
    return { refusal: readRefusal(name, error as NodeJS.ErrnoException) };
  }
  let opened: fs.Stats;
  try {
    opened = await handle.stat();
  } catch (error) {
    await handle.close();
    return { refusal: readRefusal(name, error as NodeJS.ErrnoException) };
  }
  const changed = notAFile(name, opened, viaLink); // replaced between the check and the open
  if (changed) {
    await handle.close();
    return { refusal: changed };
  }
  return { handle, size: opened.size };
}

/** Real paths of the allowed roots (on macOS /var and /tmp are links to /private/…); missing roots dropped. */
export async function resolveRoots(roots: readonly string[]): Promise<string[]> {
  const resolved = await Promise.all(roots.map((root) => fsp.realpath(root).catch(() => null)));
  return resolved.filter((root): root is string => root !== null);
}

function isInside(target: string, root: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function notAFile(name: string, stats: fs.Stats, viaLink: boolean): Refusal | null {
  if (stats.isFile()) return null;
  const is = viaLink ? 'is a link to' : 'is';
  const what = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a named pipe'
      : stats.isSocket()
        ? 'a socket'
        : stats.isBlockDevice() || stats.isCharacterDevice()
          ? 'a device'
          : 'a special file';
  const fix = stats.isDirectory() ? ' Drop the photos inside it instead.' : '';
  return { kind: 'not-a-file', message: `"${name}" ${is} ${what}, not a photo file.${fix}` };
}

function readRefusal(name: string, error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'not-found', message: `"${name}" was not found; it may have been moved or deleted.` };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'unreadable', message: `Vitrina is not allowed to read "${name}". Check the file's permissions, or copy it somewhere you own and drop the copy.` };
    case 'ELOOP':
      return { kind: 'not-a-file', message: `"${name}" is a link, and links are only followed when dropped directly.` };
    default:
      return { kind: 'unreadable', message: `Vitrina could not read "${name}" (${error.code ?? error.message}).` };
  }
}
