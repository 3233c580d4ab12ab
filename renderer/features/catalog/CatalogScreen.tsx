import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n/I18nProvider';

/** The catalog. Until the catalog issues land, it only points the way to Settings. */
export function CatalogScreen(props: { onGoToSettings(): void }) {
  const t = useT();
  return (
    <div className="screen" data-testid="screen-catalog">
      <PageHeader title={t('catalog.title')} subtitle={t('catalog.subtitle')} />
      <EmptyState
        icon="box"
        title={t('catalog.empty.title')}
        body={t('catalog.empty.body')}
        testId="catalog-empty"
        action={
          <Button variant="primary" onClick={props.onGoToSettings} testId="empty-go-settings">
            {t('catalog.empty.action')}
          </Button>
        }
      />
    </div>
  );
}
