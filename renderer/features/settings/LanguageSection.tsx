import { useState } from 'react';
import { settingSchemas, type Settings } from '../../../shared/settings';
import { SelectField } from '../../components/fields';
import { LiveStatus } from '../../components/LiveStatus';
import { Section } from '../../components/Section';
import { useT } from '../../i18n/I18nProvider';
import { resolveLanguage } from '../../i18n/language';
import { useAppInfo } from '../app/AppInfoContext';
import { describeFormStatus } from './describe';
import { useSettings } from './SettingsContext';
import type { FormStatus } from './useSettingsForm';

/** Language names are written in their own language, so a person can find theirs whatever is showing. */
const nativeNames = { en: 'English', es: 'Español' } as const;

/** Settings → Language: saved as `ui.language` the moment it changes, and applied at once. */
export function LanguageSection() {
  const t = useT();
  const { settings, save } = useSettings();
  const appInfo = useAppInfo();
  const [status, setStatus] = useState<FormStatus>({ kind: 'idle' });
  const systemLanguage = resolveLanguage('system', appInfo?.systemLocale, navigator.language);
  const described = describeFormStatus(status, t);

  const choose = async (value: string) => {
    const parsed = settingSchemas['ui.language'].safeParse(value);
    if (!parsed.success) return;
    setStatus({ kind: 'saving' });
    const result = await save({ 'ui.language': parsed.data satisfies Settings['ui.language'] });
    setStatus(result.ok ? { kind: 'saved' } : { kind: 'failed', message: result.error.message });
  };

  return (
    <Section icon="globe" title={t('language.title')} description={t('language.description')} testId="section-language">
      <div className="field-grid">
        <SelectField
          span={3}
          label={t('language.label')}
          value={settings?.['ui.language'] ?? 'system'}
          options={[
            { value: 'system', label: t('language.system', { language: nativeNames[systemLanguage] }) },
            { value: 'en', label: nativeNames.en },
            { value: 'es', label: nativeNames.es },
          ]}
          onChange={(value) => void choose(value)}
          disabled={!settings}
          testId="setting-ui.language"
        />
        <div className="field span-3 field--status">
          <LiveStatus tone={described.tone} testId="language-status">
            {described.text}
          </LiveStatus>
        </div>
      </div>
    </Section>
  );
}
