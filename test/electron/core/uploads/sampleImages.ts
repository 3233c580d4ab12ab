import zlib from 'node:zlib';

/**
 * Small image files written by hand (no ImageMagick here): a fully valid PNG and BMP, and for the other
 * formats a correct signature/header followed by `seed`-dependent bytes, which is all intake looks at.
 * `seed` makes every file's content, and so its sha256, different.
 */

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid RGB PNG of `size`×`size` pixels whose colours depend on `seed`. */
export function png(seed: number, size = 4): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let i = 0; i < raw.length; i++) raw[i] = i % (size * 3 + 1) === 0 ? 0 : (seed * 31 + i * 7) & 0xff;
  raw.writeUInt32BE(seed >>> 0, 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid 24-bit BMP, 2×2 pixels. */
export function bmp(seed: number): Buffer {
  const pixels = Buffer.alloc(16); // 2 rows of 6 bytes, padded to 8
  pixels.writeUInt32LE(seed >>> 0, 0);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

const tail = (seed: number, bytes: number) => {
  const body = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) body[i] = (seed * 131 + i * 17) & 0xff;
  body.writeUInt32BE(seed >>> 0, 0);
  return body;
};

/** JPEG: SOI, a JFIF APP0 segment, bytes, EOI. `bytes` sets the size. */
export function jpeg(seed: number, bytes = 200): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, tail(seed, Math.max(4, bytes - 22)), Buffer.from([0xff, 0xd9])]);
}

export const gif = (seed: number) => Buffer.concat([Buffer.from('GIF89a\x02\x00\x02\x00\x80\x00\x00', 'latin1'), tail(seed, 40), Buffer.from([0x3b])]);

export function webp(seed: number): Buffer {
  const body = Buffer.concat([Buffer.from('WEBPVP8 ', 'latin1'), tail(seed, 40)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, body]);
}

/** An ISO-BMFF file starting with an `ftyp` box: major brand, minor version, compatible brands. */
export function isoBmff(major: string, compatible: string[], seed = 0): Buffer {
  const box = Buffer.alloc(16 + 4 * compatible.length);
  box.writeUInt32BE(box.length, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return Buffer.concat([box, tail(seed, 40)]);
}

export const tiff = (seed: number, order: 'II' | 'MM' = 'II') =>
  Buffer.concat([Buffer.from(order === 'II' ? [0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0] : [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), tail(seed, 40)]);

export const pdf = () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
