import type { Settings } from '../../shared/settings';

/** The languages the UI is translated into. */
export type Language = 'en' | 'es';

/**
 * The UI language: the `ui.language` setting when it names one, else the OS locale (from main), else the
 * browser's. Any Spanish locale (es, es-ES, es-MX, …) gets Spanish; everything else English.
 */
export function resolveLanguage(setting: Settings['ui.language'] | undefined, systemLocale: string | undefined, browserLocale: string | undefined): Language {
  if (setting === 'en' || setting === 'es') return setting;
  return /^es(?:[-_]|$)/i.test(systemLocale || browserLocale || '') ? 'es' : 'en';
}

/**
 * The locale for number formatting: the OS locale when it is a variant of the UI language (so es-MX gets
 * Mexican digit grouping), else the bare language.
 */
export function formattingLocale(language: Language, systemLocale: string | undefined): string {
  const candidate = systemLocale?.replace('_', '-');
  if (candidate && candidate.toLowerCase().startsWith(language)) {
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? language;
    } catch {
      return language;
    }
  }
  return language;
}
