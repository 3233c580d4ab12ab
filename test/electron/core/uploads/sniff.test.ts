import { describe, expect, it } from 'vitest';
import { sniff } from '../../../../electron/core/uploads/intake/sniff';
import { bmp, gif, isoBmff, jpeg, pdf, png, tiff, webp } from './sampleImages';

describe('image type from the first bytes', () => {
  it.each([
    ['JPEG', jpeg(1), 'image/jpeg'],
    ['PNG', png(1), 'image/png'],
    ['GIF', gif(1), 'image/gif'],
    ['WebP', webp(1), 'image/webp'],
    ['AVIF', isoBmff('avif', ['avif', 'mif1', 'miaf']), 'image/avif'],
    ['AVIF (mif1 major)', isoBmff('mif1', ['mif1', 'avif']), 'image/avif'],
    ['HEIC (iPhone)', isoBmff('heic', ['mif1', 'heic']), 'image/heic'],
    ['HEIF', isoBmff('mif1', ['mif1']), 'image/heif'],
    ['TIFF little-endian', tiff(1, 'II'), 'image/tiff'],
    ['TIFF big-endian', tiff(1, 'MM'), 'image/tiff'],
    ['BMP', bmp(1), 'image/bmp'],
  ])('recognises %s', (_name, bytes, contentType) => {
    expect(sniff(bytes)).toEqual({ image: true, contentType });
  });

  it.each([
    ['a PDF', pdf(), 'a PDF document'],
    ['a ZIP', Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), 'a ZIP archive (or an Office document)'],
    ['an MP4', isoBmff('isom', ['isom', 'mp42']), 'a video'],
    ['an SVG', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'an SVG drawing, which Vitrina does not upload'],
    ['HTML', Buffer.from('<!DOCTYPE html><html>'), 'a web page'],
    ['an ELF program', Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), 'a program'],
    ['plain text', Buffer.from('just some notes'), null],
    ['three bytes', Buffer.from([0xff, 0xd8]), null],
    ['nothing', Buffer.alloc(0), null],
    ['"BM" text', Buffer.from('BMW parts list, not a bitmap at all'), null],
  ])('refuses %s, naming it when known', (_name, bytes, looksLike) => {
    expect(sniff(bytes)).toEqual({ image: false, looksLike });
  });
});
