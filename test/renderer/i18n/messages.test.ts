import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { es } from '../../../renderer/i18n/es';
import { formattingLocale, resolveLanguage } from '../../../renderer/i18n/language';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('UI translations', () => {
  it('Spanish has exactly the English keys, none empty, with the same placeholders', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const spanish = es[key as keyof typeof en];
      expect(spanish.trim(), key).not.toBe('');
      expect(placeholders(spanish), key).toEqual(placeholders(english));
    }
  });
});

describe('resolveLanguage', () => {
  it('uses the setting when it names a language', () => {
    expect(resolveLanguage('es', 'en-US', 'en-US')).toBe('es');
    expect(resolveLanguage('en', 'es-ES', 'es-ES')).toBe('en');
  });

  it('follows the OS locale under "system": every Spanish variant is Spanish, anything else English', () => {
    for (const locale of ['es', 'es-ES', 'es-MX', 'es_AR', 'ES-419']) expect(resolveLanguage('system', locale, 'en-US'), locale).toBe('es');
    for (const locale of ['en-US', 'fr-FR', 'eu-ES', 'et', 'pt-BR']) expect(resolveLanguage('system', locale, 'es-ES'), locale).toBe('en');
  });

  it('falls back to the browser locale when the OS locale is unknown', () => {
    expect(resolveLanguage(undefined, undefined, 'es-CL')).toBe('es');
    expect(resolveLanguage('system', '', 'de-DE')).toBe('en');
  });

  it('formats numbers in the OS locale when it matches the UI language', () => {
    expect(formattingLocale('es', 'es_MX')).toBe('es-MX');
    expect(formattingLocale('en', 'es-ES')).toBe('en');
    expect(formattingLocale('es', undefined)).toBe('es');
  });
});
