import type { ReactNode } from 'react';
import { I18nProvider } from '../../i18n/I18nProvider';
import { formattingLocale, resolveLanguage } from '../../i18n/language';
import { useAppInfo } from '../app/AppInfoContext';
import { useSettings } from '../settings/SettingsContext';

/**
 * Picks the UI language from the `ui.language` setting, else the OS locale main reports, else the
 * browser's; a change of the setting (from this window or another) re-renders in the new language.
 */
export function LanguageRoot(props: { children: ReactNode }) {
  const { settings } = useSettings();
  const appInfo = useAppInfo();
  const systemLocale = appInfo?.systemLocale || navigator.language;
  const language = resolveLanguage(settings?.['ui.language'], systemLocale, navigator.language);
  return (
    <I18nProvider language={language} locale={formattingLocale(language, systemLocale)}>
      {props.children}
    </I18nProvider>
  );
}
