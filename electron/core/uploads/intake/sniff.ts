import type { ImageContentType } from '../../../../shared/uploads';

/**
 * Recognises a file's type from its first bytes, never from its name: a PDF renamed .jpg is still a PDF.
 * Written by hand: the accepted formats have short, fixed signatures, and a library such as `file-type` would
 * add a dependency (and its tokenizer) mostly to name the types we refuse. Signatures:
 * https://en.wikipedia.org/wiki/List_of_file_signatures; AVIF/HEIF brands: ISO/IEC 14496-12 `ftyp` box.
 */

export type Sniffed =
  | { image: true; contentType: ImageContentType }
  /** `looksLike` completes "is …, not an image" when the type is known ("a PDF document"), else null. */
  | { image: false; looksLike: string | null };

/** How many leading bytes `sniff` needs at most. */
export const SNIFF_BYTES = 64;

export function sniff(head: Uint8Array): Sniffed {
  const image = imageType(head);
  return image ? { image: true, contentType: image } : { image: false, looksLike: otherType(head) };
}

function imageType(b: Uint8Array): ImageContentType | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'image/gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  if (starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (ascii(b, 0, 'BM') && b.length >= 26 && readUint32LE(b, 14) >= 12 && readUint32LE(b, 14) <= 124) return 'image/bmp';
  const brands = ftypBrands(b);
  if (brands) {
    if (brands.includes('avif') || brands.includes('avis')) return 'image/avif';
    if (brands.some((brand) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand))) return 'image/heic';
    if (brands.includes('mif1') || brands.includes('msf1')) return 'image/heif';
  }
  return null;
}

function otherType(b: Uint8Array): string | null {
  if (ascii(b, 0, '%PDF-')) return 'a PDF document';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (starts(b, [0x1f, 0x8b])) return 'a gzip archive';
  if (starts(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'a 7-Zip archive';
  if (ascii(b, 0, 'Rar!')) return 'a RAR archive';
  if (ascii(b, 0, '8BPS')) return 'a Photoshop document';
  if (starts(b, [0xff, 0x0a]) || (starts(b, [0, 0, 0, 0x0c]) && ascii(b, 4, 'JXL '))) return 'a JPEG XL image, which Vitrina does not upload';
  if (starts(b, [0x7f, 0x45, 0x4c, 0x46]) || ascii(b, 0, 'MZ')) return 'a program';
  if (ascii(b, 0, 'OggS') || ascii(b, 0, 'ID3') || ascii(b, 0, 'fLaC') || (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE'))) return 'an audio file';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ')) return 'a video';
  if (starts(b, [0x1a, 0x45, 0xdf, 0xa3]) || ftypBrands(b)) return 'a video';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, SNIFF_BYTES)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'an SVG drawing, which Vitrina does not upload';
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'a web page';
  return null;
}

/** The major and compatible brands of an ISO-BMFF `ftyp` box at the start of the file, or null. */
function ftypBrands(b: Uint8Array): string[] | null {
  if (b.length < 16 || !ascii(b, 4, 'ftyp')) return null;
  const boxSize = Math.min(readUint32BE(b, 0), b.length, SNIFF_BYTES);
  const brands = [latin1(b, 8, 4)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(latin1(b, offset, 4));
  return brands;
}

function starts(b: Uint8Array, bytes: readonly number[]): boolean {
  return b.length >= bytes.length && bytes.every((value, i) => b[i] === value);
}

function ascii(b: Uint8Array, offset: number, text: string): boolean {
  return b.length >= offset + text.length && latin1(b, offset, text.length) === text;
}

function latin1(b: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...b.subarray(offset, offset + length));
}

function readUint32BE(b: Uint8Array, offset: number): number {
  return ((b[offset]! << 24) >>> 0) + (b[offset + 1]! << 16) + (b[offset + 2]! << 8) + b[offset + 3]!;
}

function readUint32LE(b: Uint8Array, offset: number): number {
  return ((b[offset + 3]! << 24) >>> 0) + (b[offset + 2]! << 16) + (b[offset + 1]! << 8) + b[offset]!;
}
