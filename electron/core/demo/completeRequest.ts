import type { StoredPart } from './multipartStore';

/**
 * The checks S3 makes on a CompleteMultipartUpload request and s3rver 3.7 does not (it concatenates
 * whatever part numbers it is given, and fails with a 500 on one it does not have). Used by multipartShim.ts.
 */

/** One `<Part>` of the request. */
export interface RequestedPart {
  partNumber: number;
  /** Unquoted, lower case. */
  etag: string;
  checksumCrc32: string | undefined;
}

/**
 * The parts of a `<CompleteMultipartUpload>` document, in request order; undefined when it is not one.
 * The document is a flat list of `<Part>` elements with text children (as the AWS SDK writes it), so a few
 * patterns read it; this is not a general XML parser.
 */
export function parseCompleteRequest(xml: string): RequestedPart[] | undefined {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) return undefined;
  const parts: RequestedPart[] = [];
  for (const [, inner = ''] of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const partNumber = text(inner, 'PartNumber');
    const etag = text(inner, 'ETag');
    if (partNumber === undefined || !/^\d{1,5}$/.test(partNumber) || etag === undefined) return undefined;
    parts.push({ partNumber: Number(partNumber), etag: etag.replace(/"/g, '').toLowerCase(), checksumCrc32: text(inner, 'ChecksumCRC32') });
  }
  return parts.length > 0 ? parts : undefined;
}

/** S3's minimum size of every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** The S3 error for completing with `requested` when the upload has `stored`, or undefined when S3 would accept it. */
export function checkCompleteParts(requested: RequestedPart[], stored: StoredPart[]): { code: string; message: string } | undefined {
  // The request's own shape first, then each part against what is stored.
  if (requested.some((part, i) => i > 0 && part.partNumber <= requested[i - 1]!.partNumber))
    return { code: 'InvalidPartOrder', message: 'The list of parts was not in ascending order. The parts list must be specified in order by part number.' };
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  for (const [i, part] of requested.entries()) {
    const have = byNumber.get(part.partNumber);
    if (!have || have.md5 !== part.etag || (part.checksumCrc32 !== undefined && part.checksumCrc32 !== have.checksumCrc32))
      return {
        code: 'InvalidPart',
        message: `One or more of the specified parts could not be found (part ${part.partNumber}). The part may not have been uploaded, or the specified entity tag or checksum may not match the part's.`,
      };
    if (i < requested.length - 1 && have.size < MIN_PART_SIZE)
      return { code: 'EntityTooSmall', message: `Your proposed upload is smaller than the minimum allowed size: part ${part.partNumber} has ${have.size} bytes; every part but the last needs 5 MiB.` };
  }
  return undefined;
}

/** The decoded text of the first `<name>` element in `xml`. */
function text(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  return raw === undefined ? undefined : decodeEntities(raw.trim());
}

const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
const decodeEntities = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_, entity: string) =>
    entity.startsWith('#x') || entity.startsWith('#X')
      ? String.fromCodePoint(parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : (NAMED[entity.toLowerCase()] ?? entity),
  );
