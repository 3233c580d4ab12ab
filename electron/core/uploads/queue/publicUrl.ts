import type { Settings } from '../../../../shared/settings';

/**
 * The address shoppers' browsers load a photo from: the CDN (`s3.publicBaseUrl`) when one is set, else the
 * bucket's own URL — path-style on a custom endpoint (MinIO, the demo storage), virtual-hosted on AWS. Keys
 * are made of URL-safe characters (objectKey.ts), so they are joined as they are.
 */
export function publicUrlFor(settings: Settings, key: string): string {
  const base = settings['s3.publicBaseUrl'];
  if (base) return `${base.replace(/\/+$/, '')}/${key}`;
  const bucket = settings['s3.bucket'];
  const endpoint = settings['s3.endpoint'];
  if (endpoint) {
    const url = new URL(endpoint);
    const root = url.origin + url.pathname.replace(/\/+$/, '');
    return settings['s3.forcePathStyle'] ? `${root}/${bucket}/${key}` : `${url.protocol}//${bucket}.${url.host}${url.pathname.replace(/\/+$/, '')}/${key}`;
  }
  const region = settings['s3.region'];
  return region === 'us-east-1' ? `https://${bucket}.s3.amazonaws.com/${key}` : `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

/** Objects never change content under a key (content-addressed), so caches may keep them for a year. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
