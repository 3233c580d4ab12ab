import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en';
import { es } from './es';
import type { Language } from './language';

const catalogs: Record<Language, Messages> = { en, es };

/** Looks a message up and fills its `{name}` placeholders. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  /** BCP 47 locale for Intl formatting. */
  locale: string;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the active language to everything below; changing `language` re-renders the whole UI. */
export function I18nProvider(props: { language: Language; locale: string; children: ReactNode }) {
  const { language, locale } = props;
  const value = useMemo<I18n>(() => {
    const messages = catalogs[language];
    const t: Translate = (key, values) =>
      messages[key].replace(/\{(\w+)\}/g, (match, name: string) => (values && name in values ? String(values[name]) : match));
    return { language, locale, t };
  }, [language, locale]);
  useEffect(() => {
    // Screen readers pick their voice from the document language.
    document.documentElement.lang = language;
  }, [language]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useT() needs an <I18nProvider> above it.');
  return i18n;
}

/** The translate function for the active language. */
export function useT(): Translate {
  return useI18n().t;
}

/** The active language and formatting locale (for Intl.NumberFormat and friends). */
export function useLocale(): { language: Language; locale: string } {
  const { language, locale } = useI18n();
  return { language, locale };
}
