import { describe, expect, it } from 'vitest';
import { buildCsp, imageOriginsFromSettings } from '../../../../electron/core/security/csp';
import { defaultSettings, type Settings } from '../../../../shared/settings';

/** Directive name → sources, failing on a duplicated directive (browsers ignore the second one). */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name), `duplicate directive ${name}`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

const settings = (patch: Partial<Settings>): Settings => ({ ...defaultSettings, ...patch });

describe('buildCsp', () => {
  it('has exactly the expected directives, each with exactly the expected sources', () => {
    const policy = parseCsp(buildCsp({ imageOrigins: ['https://cdn.example.com'] }));
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'blob:', 'https://cdn.example.com'],
      'connect-src': ["'self'"],
      'font-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
      'frame-src': ["'none'"],
    });
  });

  it('never allows eval, inline code or data: URLs in production', () => {
    const policy = buildCsp({ imageOrigins: ['https://shop-photos.s3.eu-west-1.amazonaws.com'] });
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('data:');
    expect(policy).not.toContain('*');
  });

  it('keeps only the origin of an image URL, never its path, query or credentials', () => {
    const policy = buildCsp({
      imageOrigins: ['https://cdn.example.com/products/', 'https://user:pw@img.example.com:8443/x?y=1#z'],
    });
    expect(parseCsp(policy).get('img-src')).toEqual([
      "'self'",
      'blob:',
      'https://cdn.example.com',
      'https://img.example.com:8443',
    ]);
    expect(policy).not.toMatch(/https?:\/\/[^\s;]+\//);
  });

  it('drops values that are not http(s) origins or that try to inject a directive', () => {
    const policy = buildCsp({
      imageOrigins: [
        'https://evil.example;script-src',
        'https://a.example,b.example',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:image/png;base64,AAAA',
        'not a url',
        '',
      ],
    });
    expect(parseCsp(policy).get('img-src')).toEqual(["'self'", 'blob:']);
    expect(parseCsp(policy).get('script-src')).toEqual(["'self'"]);
  });

  it('de-duplicates origins', () => {
    const policy = buildCsp({ imageOrigins: ['https://cdn.example.com', 'https://CDN.example.com/a'] });
    expect(parseCsp(policy).get('img-src')).toEqual(["'self'", 'blob:', 'https://cdn.example.com']);
  });

  it('in dev mode allows the dev server, its HMR socket and inline code, but still no eval', () => {
    const policy = buildCsp({
      imageOrigins: [],
      dev: {
        connectOrigins: ['http://localhost:5173', 'ws://localhost:5173'],
        allowInlineScripts: true,
        allowInlineStyles: true,
      },
    });
    const directives = parseCsp(policy);
    expect(directives.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(directives.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy).not.toContain('unsafe-eval');
  });

  it('accepts a nonce for inline scripts and styles instead of unsafe-inline, and refuses a malformed one', () => {
    const directives = parseCsp(
      buildCsp({ imageOrigins: [], dev: { connectOrigins: ['ws://127.0.0.1:4000'], nonce: 'abcdefghijklmnop1234==' } }),
    );
    expect(directives.get('script-src')).toEqual(["'self'", "'nonce-abcdefghijklmnop1234=='"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'nonce-abcdefghijklmnop1234=='"]);
    expect(() => buildCsp({ imageOrigins: [], dev: { connectOrigins: [], nonce: "x' 'unsafe-eval" } })).toThrow();
  });
});

describe('imageOriginsFromSettings', () => {
  it('is empty when nothing is configured', () => {
    expect(imageOriginsFromSettings(defaultSettings)).toEqual([]);
  });

  it('uses the AWS virtual-hosted origin of the bucket in its region', () => {
    expect(imageOriginsFromSettings(settings({ 's3.bucket': 'shop-photos', 's3.region': 'eu-west-1' }))).toEqual([
      'https://shop-photos.s3.eu-west-1.amazonaws.com',
    ]);
  });

  it('uses the China partition domain for cn- regions', () => {
    expect(imageOriginsFromSettings(settings({ 's3.bucket': 'fotos', 's3.region': 'cn-north-1' }))).toEqual([
      'https://fotos.s3.cn-north-1.amazonaws.com.cn',
    ]);
  });

  it('uses the regional path-style origin for a bucket name with dots', () => {
    expect(imageOriginsFromSettings(settings({ 's3.bucket': 'photos.shop.example', 's3.region': 'eu-west-1' }))).toEqual(
      ['https://s3.eu-west-1.amazonaws.com'],
    );
  });

  it('adds the CDN origin from the public base URL, without its path', () => {
    const origins = imageOriginsFromSettings(
      settings({ 's3.bucket': 'shop-photos', 's3.region': 'eu-west-1', 's3.publicBaseUrl': 'https://cdn.shop.example/img/' }),
    );
    expect(origins).toEqual(['https://cdn.shop.example', 'https://shop-photos.s3.eu-west-1.amazonaws.com']);
  });

  it('uses the endpoint origin for path-style S3-compatible stores', () => {
    const origins = imageOriginsFromSettings(
      settings({ 's3.bucket': 'photos', 's3.endpoint': 'http://127.0.0.1:9000/', 's3.forcePathStyle': true }),
    );
    expect(origins).toEqual(['http://127.0.0.1:9000']);
  });

  it('prefixes the bucket to the endpoint host for virtual-hosted S3-compatible stores', () => {
    const origins = imageOriginsFromSettings(
      settings({ 's3.bucket': 'photos', 's3.endpoint': 'https://acc.r2.cloudflarestorage.com', 's3.region': 'auto' }),
    );
    expect(origins).toEqual(['https://photos.acc.r2.cloudflarestorage.com']);
  });

  it('falls back to path style where the SDK does: IP endpoints and dotted buckets over https', () => {
    expect(imageOriginsFromSettings(settings({ 's3.bucket': 'photos', 's3.endpoint': 'http://10.0.0.5:9000' }))).toEqual([
      'http://10.0.0.5:9000',
    ]);
    expect(
      imageOriginsFromSettings(settings({ 's3.bucket': 'a.b.c', 's3.endpoint': 'https://minio.shop.example' })),
    ).toEqual(['https://minio.shop.example']);
  });

  it('uses the endpoint alone when no bucket is set', () => {
    expect(imageOriginsFromSettings(settings({ 's3.endpoint': 'https://minio.shop.example:9000/base' }))).toEqual([
      'https://minio.shop.example:9000',
    ]);
  });

  it('ignores invalid or non-http values instead of failing', () => {
    const origins = imageOriginsFromSettings(
      settings({
        's3.publicBaseUrl': 'ftp://files.example.com',
        's3.endpoint': 'not a url',
        's3.bucket': 'shop-photos',
        's3.region': 'auto',
      }),
    );
    expect(origins).toEqual([]);
  });

  it('cannot be used to inject a directive through a setting', () => {
    const origins = imageOriginsFromSettings(settings({ 's3.publicBaseUrl': "https://x;script-src 'unsafe-eval'" }));
    for (const origin of origins) expect(origin).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/);
    expect(buildCsp({ imageOrigins: origins })).not.toContain('unsafe-eval');
  });
});
