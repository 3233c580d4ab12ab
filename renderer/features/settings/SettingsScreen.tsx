import { Banner } from '../../components/Banner';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n/I18nProvider';
import { useAppInfo } from '../app/AppInfoContext';
import { CredentialsSection } from '../credentials/CredentialsSection';
import { DatabaseSection } from './DatabaseSection';
import { LanguageSection } from './LanguageSection';
import { useSettings } from './SettingsContext';
import { StorageSection } from './StorageSection';

/** The Settings screen: storage, database, credentials and language, each saved on its own. */
export function SettingsScreen() {
  const t = useT();
  const { loadError } = useSettings();
  const appInfo = useAppInfo();
  return (
    <div className="screen" data-testid="screen-settings">
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      {loadError ? (
        <Banner tone="warning" title={t('settings.loadFailed')} testId="settings-load-error">
          {loadError.message}
        </Banner>
      ) : null}
      <StorageSection />
      <DatabaseSection />
      <CredentialsSection />
      <LanguageSection />
      {appInfo ? <p className="footnote">{t('settings.dataDir', { path: appInfo.dataDir })}</p> : null}
    </div>
  );
}
