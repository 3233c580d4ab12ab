import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAllowedNavigation } from '../../../../electron/core/security/navigation';

const rendererFile = path.resolve('/opt/Vitrina/resources/app/out/renderer/index.html');
const packaged = { rendererFile };
const dev = { rendererUrl: 'http://localhost:5173/' };

describe('isAllowedNavigation', () => {
  it('allows reloading the app page itself', () => {
    expect(isAllowedNavigation(pathToFileURL(rendererFile).href, packaged)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/', dev)).toBe(true);
  });

  it('refuses external web pages, including look-alikes of the dev server', () => {
    for (const url of [
      'https://example.com/',
      'http://example.com/',
      'https://shop-photos.s3.eu-west-1.amazonaws.com/products/1.jpg',
      'http://localhost:5173@evil.example/',
      'http://localhost:8080/',
    ]) {
      expect(isAllowedNavigation(url, dev), url).toBe(false);
      expect(isAllowedNavigation(url, packaged), url).toBe(false);
    }
  });

  it('refuses a dropped photo or any other local file', () => {
    expect(isAllowedNavigation('file:///home/ana/Pictures/gpu.jpg', packaged)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', packaged)).toBe(false);
  });

  it('refuses script, data, blob and special URLs', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'blob:file:///1', 'about:blank', 'chrome://gpu', 'mailto:a@b.c']) {
      expect(isAllowedNavigation(url, packaged), url).toBe(false);
      expect(isAllowedNavigation(url, dev), url).toBe(false);
    }
  });
});
