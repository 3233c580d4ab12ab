import { describe, expect, it } from 'vitest';
import { secureWindowOptions } from '../../../../electron/core/security/windowOptions';

describe('secureWindowOptions', () => {
  const options = secureWindowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it('runs the renderer sandboxed, isolated and without Node anywhere', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and disables webviews, insecure content and experimental features', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('does not navigate when a photo is dropped outside a drop zone', () => {
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('does not download spellcheck dictionaries', () => {
    expect(prefs.spellcheck).toBe(false);
  });

  it('stays hidden until the first paint and has a usable minimum size', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Vitrina');
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.minHeight).toBeGreaterThanOrEqual(500);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
  });

  it('sets no option that would weaken the sandbox', () => {
    const risky = ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session', 'disableHtmlFullscreenWindowResize'];
    for (const key of risky) expect(prefs).not.toHaveProperty(key);
  });
});
