import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../../electron/core/security/trustedSender';

const rendererFile = path.resolve('/opt/Vitrina/resources/app/out/renderer/index.html');
const fileUrl = pathToFileURL(rendererFile).href;
const packaged = { rendererFile };
const dev = { rendererUrl: 'http://localhost:5173' };
const main = (url: string) => ({ url, isMainFrame: true });

describe('isTrustedSender', () => {
  it("accepts the main frame of the app's own index.html, with or without a route", () => {
    expect(isTrustedSender(main(fileUrl), packaged)).toBe(true);
    expect(isTrustedSender(main(`${fileUrl}#/settings`), packaged)).toBe(true);
    expect(isTrustedSender(main(`${fileUrl}?lang=es`), packaged)).toBe(true);
    // The URL parser resolves dot segments, so this names the very same file.
    expect(isTrustedSender(main(`${pathToFileURL(path.dirname(rendererFile)).href}/../renderer/index.html`), packaged)).toBe(
      true,
    );
  });

  it('accepts the main frame of the dev server origin', () => {
    expect(isTrustedSender(main('http://localhost:5173/'), dev)).toBe(true);
    expect(isTrustedSender(main('http://localhost:5173/index.html#/queue'), dev)).toBe(true);
  });

  it('refuses subframes, even of the app itself', () => {
    expect(isTrustedSender({ url: fileUrl, isMainFrame: false }, packaged)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: false }, dev)).toBe(false);
  });

  it('refuses other local files', () => {
    expect(isTrustedSender(main('file:///etc/passwd'), packaged)).toBe(false);
    expect(isTrustedSender(main(pathToFileURL(path.join(path.dirname(rendererFile), 'other.html')).href), packaged)).toBe(false);
    expect(isTrustedSender(main(pathToFileURL(`${rendererFile}.html`).href), packaged)).toBe(false);
    expect(isTrustedSender(main('file://fileserver/share/out/renderer/index.html'), packaged)).toBe(false);
  });

  it('refuses other origins, ports and schemes', () => {
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost.evil.example:5173/',
      'https://evil.example/',
      'data:text/html,<script>1</script>',
      'blob:http://localhost:5173/0b2d8a6e',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(isTrustedSender(main(url), dev), url).toBe(false);
    }
  });

  it('refuses null, undefined, about:blank and garbage', () => {
    expect(isTrustedSender(null, packaged)).toBe(false);
    expect(isTrustedSender(undefined, dev)).toBe(false);
    expect(isTrustedSender(main('about:blank'), packaged)).toBe(false);
    expect(isTrustedSender(main('about:blank'), dev)).toBe(false);
    expect(isTrustedSender(main(''), packaged)).toBe(false);
    expect(isTrustedSender(main('index.html'), packaged)).toBe(false);
  });

  it('trusts the dev server only when it is configured, and the file only when it is configured', () => {
    expect(isTrustedSender(main('http://localhost:5173/'), packaged)).toBe(false);
    expect(isTrustedSender(main(fileUrl), dev)).toBe(false);
    expect(isTrustedSender(main(fileUrl), {})).toBe(false);
  });
});
