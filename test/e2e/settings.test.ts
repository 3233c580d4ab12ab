import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialStatus } from '../../shared/credentials';
import type { Settings } from '../../shared/settings';
import { startDevWebServer, type DevWebServer } from '../../electron/devweb/server';
import { BridgeClient } from '../support/devweb';
import { useTestKeychainService } from '../support/keychain';
import { S3RVER_CREDENTIALS, startS3Server, type TestS3Server } from '../support/s3server';
import { makeTempDir } from '../support/tempDir';

/**
 * The Settings screen end to end: a real Chromium on the dev:web page, the real core behind the bridge
 * (SQLite store in a temp folder, the test keychain) and a real S3-compatible server for the connection test.
 */

const BUCKET = 'shop-photos';
const AWS_EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

let server: DevWebServer;
let s3: TestS3Server;
let tmp: ReturnType<typeof makeTempDir>;
let browser: Browser;
let page: Page;
let observer: BridgeClient;
const consoleErrors: string[] = [];

const byTestId = (id: string) => page.getByTestId(id);

beforeAll(async () => {
  useTestKeychainService();
  tmp = makeTempDir();
  [s3, server, browser] = await Promise.all([
    startS3Server([BUCKET]),
    startDevWebServer({ dataDir: tmp.dir, port: 0, systemLocale: 'en-US' }),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    }),
  ]);
  observer = await BridgeClient.connect(server);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  if (observer) {
    await observer.request('clearCredentials', { which: 'all' });
    await observer.close();
  }
  await browser?.close();
  await server?.close();
  await s3?.dispose();
  tmp?.remove();
});

async function storedSettings(): Promise<Settings> {
  const result = await observer.request<Settings>('getSettings');
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('Settings screen over dev:web', () => {
  it('opens on the empty catalog, hides the token from the address bar, and leads to Settings', async () => {
    await page.goto(server.url);
    await expect.poll(() => byTestId('catalog-empty').textContent()).toContain('No catalog yet');
    expect(page.url()).not.toContain('token=');
    await byTestId('empty-go-settings').click();
    await byTestId('screen-settings').waitFor();
    expect(page.url()).toMatch(/#\/settings$/);
    await expect.poll(() => byTestId('nav-settings').getAttribute('aria-current')).toBe('page');
  });

  it('saves the storage section, keeps the values across a reload, and writes only the changed keys', async () => {
    await byTestId('setting-s3.bucket').fill(BUCKET);
    await byTestId('setting-s3.region').fill('eu-west-1');
    await byTestId('setting-s3.endpoint').fill(s3.endpoint);
    await byTestId('setting-s3.forcePathStyle').check();
    await byTestId('save-storage').click();
    await expect.poll(() => byTestId('storage-status').textContent()).toBe('Saved');

    const stored = await storedSettings();
    expect(stored).toMatchObject({ 's3.bucket': BUCKET, 's3.region': 'eu-west-1', 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true });
    expect(await observer.waitForEvent('settingsChanged')).toMatchObject({ 's3.bucket': BUCKET });
    // Untouched fields (checksums, public URL) are not sent: the core logs which keys each update carried.
    const updates = fs
      .readFileSync(path.join(tmp.dir, 'logs', 'vitrina.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; keys?: string[] })
      .filter((entry) => entry.event === 'settings-updated');
    expect(updates.map((entry) => entry.keys?.slice().sort())).toEqual([['s3.bucket', 's3.endpoint', 's3.forcePathStyle', 's3.region']]);

    await page.reload();
    await byTestId('screen-settings').waitFor();
    await expect.poll(() => byTestId('setting-s3.bucket').inputValue()).toBe(BUCKET);
    expect(await byTestId('setting-s3.region').inputValue()).toBe('eu-west-1');
    expect(await byTestId('setting-s3.endpoint').inputValue()).toBe(s3.endpoint);
    expect(await byTestId('setting-s3.forcePathStyle').isChecked()).toBe(true);
  });

  it('marks an invalid field next to it and saves nothing', async () => {
    await byTestId('setting-s3.bucket').fill('Not A Bucket!');
    await byTestId('save-storage').click();
    await expect.poll(() => byTestId('setting-s3.bucket-error').textContent()).toContain('3–63 characters');
    expect(await byTestId('setting-s3.bucket').getAttribute('aria-invalid')).toBe('true');
    expect(await byTestId('storage-status').textContent()).toBe('Check the highlighted fields.');
    expect((await storedSettings())['s3.bucket']).toBe(BUCKET);

    await byTestId('setting-s3.bucket').fill(BUCKET);
    await byTestId('save-storage').click();
    await expect.poll(() => byTestId('storage-status').textContent()).toBe('Nothing to save: no field was changed.');
    expect(await byTestId('setting-s3.bucket-error').count()).toBe(0);
  });

  it('stores AWS credentials write-only: masked id shown, inputs emptied, secret never on the page', async () => {
    await expect.poll(() => byTestId('aws-status').textContent()).toBe('Not configured');
    await byTestId('aws-access-key-id').fill(AWS_EXAMPLE.accessKeyId);
    await byTestId('aws-secret-access-key').fill(AWS_EXAMPLE.secretAccessKey);
    await byTestId('save-aws').click();
    await expect.poll(() => byTestId('aws-status').textContent()).toBe('Configured: AKIA…MPLE');
    // The status pill follows the credentialsChanged event, which can arrive before the save call returns
    // and the form empties itself: wait for the form's own outcome first.
    await expect.poll(() => byTestId('aws-result').textContent()).toBe('Saved');
    expect(await byTestId('aws-secret-access-key').inputValue()).toBe('');
    expect(await byTestId('aws-access-key-id').inputValue()).toBe('');
    expect(await page.content()).not.toContain(AWS_EXAMPLE.secretAccessKey);

    const status = await observer.request<CredentialStatus>('getCredentialStatus');
    expect(status).toMatchObject({ ok: true, value: { aws: { configured: true, maskedAccessKeyId: 'AKIA…MPLE' } } });
  });

  it('tests the S3 connection: ✖ with the reason for a key the server does not know, ✔ with latency for a good one', async () => {
    await byTestId('test-s3').click();
    await expect.poll(() => byTestId('test-s3-result').textContent(), { timeout: 15_000 }).toMatch(/^✖ /);

    await byTestId('aws-access-key-id').fill(S3RVER_CREDENTIALS.accessKeyId);
    await byTestId('aws-secret-access-key').fill(S3RVER_CREDENTIALS.secretAccessKey);
    await byTestId('save-aws').click();
    await expect.poll(() => byTestId('aws-status').textContent()).toBe('Configured: …ER');

    await byTestId('test-s3').click();
    await expect.poll(() => byTestId('test-s3-result').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^✔ bucket "${BUCKET}" .* · \\d+ ms$`));
  });

  it('tests the database connection and says what is missing', async () => {
    await byTestId('test-db').click();
    await expect.poll(() => byTestId('test-db-result').textContent()).toMatch(/^✖ .*not all set/);
  });

  it('saves the database section, and stores the PostgreSQL password write-only', async () => {
    await byTestId('setting-db.host').fill('db.example.com');
    await byTestId('setting-db.port').fill('6543');
    await byTestId('setting-db.sslmode').selectOption('require');
    await byTestId('save-database').click();
    await expect.poll(() => byTestId('database-status').textContent()).toBe('Saved');
    expect(await storedSettings()).toMatchObject({ 'db.host': 'db.example.com', 'db.port': 6543, 'db.sslmode': 'require' });

    await byTestId('db-password').fill('correct horse battery staple');
    await byTestId('save-db-password').click();
    await expect.poll(() => byTestId('db-password-status').textContent()).toBe('Configured');
    await expect.poll(() => byTestId('db-password').inputValue()).toBe('');
    await byTestId('clear-db-password').click();
    await expect.poll(() => byTestId('db-password-status').textContent()).toBe('Not configured');
  });

  it('switches to Spanish at once, remembers it, and switches back', async () => {
    await byTestId('setting-ui.language').selectOption('es');
    await expect.poll(() => byTestId('nav-settings').textContent()).toBe('Ajustes');
    expect(await page.getByRole('heading', { name: 'Almacenamiento' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect((await storedSettings())['ui.language']).toBe('es');

    await page.reload();
    await expect.poll(() => byTestId('nav-catalog').textContent()).toBe('Catálogo');
    await expect.poll(() => byTestId('aws-status').textContent()).toBe('Configurada: …ER');

    await byTestId('setting-ui.language').selectOption('system');
    await expect.poll(() => byTestId('nav-settings').textContent()).toBe('Settings');
  });

  it('follows changes made elsewhere (another window, the CLI) through events', async () => {
    expect(await observer.request('updateSettings', { 's3.region': 'eu-central-1' })).toMatchObject({ ok: true });
    await expect.poll(() => byTestId('setting-s3.region').inputValue()).toBe('eu-central-1');
    expect(await observer.request('clearCredentials', { which: 'aws' })).toMatchObject({ ok: true });
    await expect.poll(() => byTestId('aws-status').textContent()).toBe('Not configured');
  });

  it('looks right in light and dark mode, with no CSP violation or script error', async () => {
    await byTestId('aws-access-key-id').fill(AWS_EXAMPLE.accessKeyId);
    await byTestId('aws-secret-access-key').fill(AWS_EXAMPLE.secretAccessKey);
    await byTestId('save-aws').click();
    await expect.poll(() => byTestId('aws-status').textContent()).toBe('Configured: AKIA…MPLE');
    await byTestId('test-s3').click();
    await expect.poll(() => byTestId('test-s3-result').textContent(), { timeout: 15_000 }).toMatch(/^✖ /);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: '/tmp/vitrina-settings.png', fullPage: true });
    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.screenshot({ path: '/tmp/vitrina-settings-dark.png', fullPage: true });
    expect(darkBg).not.toBe(lightBg);

    expect(consoleErrors).toEqual([]);
  });
});
