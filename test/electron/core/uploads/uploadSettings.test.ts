import { describe, expect, it } from 'vitest';
import { coerceSettingText, defaultSettings, settingSchemas, settingsPatchSchema } from '../../../../shared/settings';

describe('upload settings', () => {
  it('have the documented defaults', () => {
    expect(defaultSettings).toMatchObject({
      's3.keyPrefix': 'products/',
      'uploads.maxFileMB': 50,
      'uploads.multipartThresholdMiB': 8,
      'uploads.partSizeMiB': 8,
      'uploads.fileConcurrency': 3,
      'uploads.partConcurrency': 4,
    });
    for (const [key, value] of Object.entries(defaultSettings)) {
      expect(settingSchemas[key as keyof typeof settingSchemas].safeParse(value).success, key).toBe(true);
    }
  });

  it.each([
    ['uploads.maxFileMB', 1, 5000],
    ['uploads.multipartThresholdMiB', 5, 5120],
    ['uploads.partSizeMiB', 5, 512],
    ['uploads.fileConcurrency', 1, 16],
    ['uploads.partConcurrency', 1, 32],
  ] as const)('%s accepts whole numbers %i–%i only', (key, min, max) => {
    const schema = settingSchemas[key];
    expect(schema.safeParse(min).success).toBe(true);
    expect(schema.safeParse(max).success).toBe(true);
    expect(schema.safeParse(min - 1).success).toBe(false);
    expect(schema.safeParse(max + 1).success).toBe(false);
    expect(schema.safeParse(min + 0.5).success).toBe(false);
    expect(schema.safeParse(String(min)).success).toBe(false);
    expect(coerceSettingText(key, ` ${max} `)).toBe(max); // as typed in `vitrina config set`
  });

  it.each(['', 'products/', 'shop/photos/', 'a.b_c-d/', 'v2/'])('s3.keyPrefix accepts %j', (value) => {
    expect(settingSchemas['s3.keyPrefix'].safeParse(value).success).toBe(true);
  });

  it.each(['products', '/products/', 'a//', '../x/', 'a/../b/', 'x../', './', 'a/./', 'Products/', 'fotos ñ/', 'a\\b/', 'a?b/', `${'a'.repeat(200)}/`])(
    's3.keyPrefix refuses %j with a sentence',
    (value) => {
      const parsed = settingsPatchSchema.safeParse({ 's3.keyPrefix': value });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/key prefix/);
    },
  );
});
