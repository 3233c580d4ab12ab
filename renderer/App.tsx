import { useEffect, useRef } from 'react';
import type { VitrinaConnection } from './bridge/connect';
import { AppShell } from './components/AppShell';
import { Banner } from './components/Banner';
import { ApiProvider, useConnectionState } from './features/api/ApiContext';
import { AppInfoProvider, useAppInfo } from './features/app/AppInfoContext';
import { CatalogScreen } from './features/catalog/CatalogScreen';
import { LanguageRoot } from './features/language/LanguageRoot';
import { useView, viewHref } from './features/navigation/useView';
import { SettingsProvider } from './features/settings/SettingsContext';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { useT } from './i18n/I18nProvider';

/** The renderer's root: providers first (API, app facts, settings, language), then the frame and the view. */
export function App(props: { connection: VitrinaConnection }) {
  return (
    <ApiProvider connection={props.connection}>
      <AppInfoProvider>
        <SettingsProvider>
          <LanguageRoot>
            <Frame />
          </LanguageRoot>
        </SettingsProvider>
      </AppInfoProvider>
    </ApiProvider>
  );
}

function Frame() {
  const t = useT();
  const [view, navigate] = useView();
  const appInfo = useAppInfo();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // After switching views, start keyboard and screen-reader users at the new screen's title.
    document.getElementById('page-title')?.focus();
  }, [view]);

  return (
    <AppShell
      appName={t('app.name')}
      tagline={t('app.tagline')}
      navLabel={t('nav.label')}
      nav={[
        { id: 'catalog', label: t('nav.catalog'), href: viewHref('catalog'), icon: 'catalog', current: view === 'catalog' },
        { id: 'settings', label: t('nav.settings'), href: viewHref('settings'), icon: 'settings', current: view === 'settings' },
      ]}
      footer={
        appInfo ? (
          <>
            <span>{t('footer.version', { version: appInfo.version })}</span>
            {appInfo.transport === 'web' ? <span className="sidebar__mode">{t('footer.devweb')}</span> : null}
          </>
        ) : null
      }
      banner={<ConnectionBanner />}
    >
      {view === 'settings' ? <SettingsScreen /> : <CatalogScreen onGoToSettings={() => navigate('settings')} />}
    </AppShell>
  );
}

function ConnectionBanner() {
  const t = useT();
  const { state } = useConnectionState();
  if (state === 'reconnecting') return <Banner tone="warning" testId="connection-banner">{t('connection.reconnecting')}</Banner>;
  if (state === 'no-token') return <Banner tone="warning" testId="connection-banner">{t('connection.noToken')}</Banner>;
  return null;
}
