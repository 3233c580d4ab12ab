import { z } from 'zod';

/**
 * Non-secret settings, stored in the local SQLite store and shared by the Settings screen and
 * `vitrina config get|set`. Secrets (AWS keys, the database password) are never settings: they live in
 * the OS keychain (see credentials.ts). An empty string means "not set".
 */

const bucketName = z
  .string()
  .max(63)
  .refine((v) => v === '' || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), {
    message: 'A bucket name is 3–63 characters: lowercase letters, digits, dots and hyphens.',
  });

/** An http(s) origin or base URL. Empty means "not set". */
const httpUrl = (what: string) =>
  z
    .string()
    .max(2048)
    .refine((v) => v === '' || isHttpUrl(v), {
      message: `${what} must be a full http:// or https:// address, e.g. https://cdn.example.com.`,
    });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const hostName = z
  .string()
  .max(253)
  .refine((v) => v === '' || /^[A-Za-z0-9._:[\]-]+$/.test(v), {
    message: 'The host is a name or an IP address, e.g. db.example.com or 10.0.0.5.',
  });

const identifier = (what: string) =>
  z
    .string()
    .max(63)
    .refine((v) => !/[\u0000-\u001f]/.test(v), { message: `${what} cannot contain control characters.` });

const wholeNumber = (min: number, max: number, unit: string) =>
  z.number().int(`A whole number of ${unit}, ${min}–${max}.`).min(min, `${min}–${max} ${unit}.`).max(max, `${min}–${max} ${unit}.`);

/**
 * The folder part of every object key (uploads/objectKey.ts): empty, or lowercase segments of letters, digits,
 * `.`, `_` and `-`, each followed by `/`. No leading `/` (it would make an empty first segment on most stores)
 * and no `..` or `.` segment (no key may look like it climbs out of, or stays in, its folder).
 */
export function isSafeKeyPrefix(value: string): boolean {
  if (value === '') return true;
  return value.length <= 200 && /^([a-z0-9._-]+\/)+$/.test(value) && !value.includes('..') && !/(^|\/)\.\//.test(value);
}

const keyPrefix = z.string().refine(isSafeKeyPrefix, {
  message: 'The key prefix is empty or folders like products/ or shop/photos/: lowercase letters, digits, ".", "_" and "-", ending with "/", with no leading "/" and no "..".',
});

/** The schema of every setting, by key. The keys are the CLI's config keys (see README). */
export const settingSchemas = {
  's3.bucket': bucketName,
  's3.region': z
    .string()
    .regex(/^[a-z0-9-]{2,32}$/, 'The region looks like eu-west-1 (or "auto" for Cloudflare R2).'),
  's3.endpoint': httpUrl('The S3 endpoint'),
  's3.forcePathStyle': z.boolean(),
  /**
   * `auto`: the SDK's default CRC checksums on every request (AWS S3). `when-required`: only where the API
   * demands one — for S3-compatible stores that reject the SDK's default checksums (see DEVELOPERS.md).
   */
  's3.checksums': z.enum(['auto', 'when-required']),
  's3.publicBaseUrl': httpUrl('The public base URL'),
  /** Prepended to every object key: `<prefix><sku-slug>/<sha256>.<ext>`. Applies to photos queued after a change. */
  's3.keyPrefix': keyPrefix,
  /** Larger dropped files are refused at intake (MB = 1,000,000 bytes). */
  'uploads.maxFileMB': wholeNumber(1, 5000, 'MB'),
  /** Files above this size use a resumable multipart upload; smaller ones one PUT (MiB = 1,048,576 bytes). */
  'uploads.multipartThresholdMiB': wholeNumber(5, 5120, 'MiB'),
  /** Size of each multipart part; S3 requires at least 5 MiB (except the last part). */
  'uploads.partSizeMiB': wholeNumber(5, 512, 'MiB'),
  /** How many photos upload at the same time. */
  'uploads.fileConcurrency': wholeNumber(1, 16, 'files'),
  /** How many parts of one multipart upload are sent at the same time. */
  'uploads.partConcurrency': wholeNumber(1, 32, 'parts'),
  'db.host': hostName,
  'db.port': z.number().int().min(1, 'The port is 1–65535.').max(65535, 'The port is 1–65535.'),
  'db.database': identifier('The database name'),
  'db.user': identifier('The user name'),
  /** libpq's names: `prefer` tries TLS and falls back to plain; `verify-full` checks the certificate. */
  'db.sslmode': z.enum(['disable', 'prefer', 'require', 'verify-full']),
  /** `system` follows the OS locale; the UI can switch it. */
  'ui.language': z.enum(['system', 'en', 'es']),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.output<(typeof settingSchemas)[K]> };

export const settingKeys = Object.keys(settingSchemas) as SettingKey[];

export const defaultSettings: Settings = {
  's3.bucket': '',
  's3.region': 'us-east-1',
  's3.endpoint': '',
  's3.forcePathStyle': false,
  's3.checksums': 'auto',
  's3.publicBaseUrl': '',
  's3.keyPrefix': 'products/',
  'uploads.maxFileMB': 50,
  'uploads.multipartThresholdMiB': 8,
  'uploads.partSizeMiB': 8,
  'uploads.fileConcurrency': 3,
  'uploads.partConcurrency': 4,
  'db.host': '',
  'db.port': 5432,
  'db.database': '',
  'db.user': '',
  'db.sslmode': 'prefer',
  'ui.language': 'system',
};

/** A partial update, each present key validated by its own schema; unknown keys are refused. */
export const settingsPatchSchema = z.strictObject(settingSchemas).partial();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(settingSchemas, key);
}

/**
 * Turns the text a person typed (CLI argument, form field) into the setting's type: "true"/"false" for
 * booleans, digits for numbers. Validation itself stays with the schema.
 */
export function coerceSettingText(key: SettingKey, text: string): unknown {
  const sample = defaultSettings[key];
  if (typeof sample === 'boolean') {
    if (/^(true|yes|1)$/i.test(text)) return true;
    if (/^(false|no|0)$/i.test(text)) return false;
    return text;
  }
  if (typeof sample === 'number') return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  return text.trim();
}
