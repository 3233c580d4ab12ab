import { Actions } from '../../components/Actions';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/fields';
import { LiveStatus } from '../../components/LiveStatus';
import { Section } from '../../components/Section';
import { useLocale, useT } from '../../i18n/I18nProvider';
import { useConnectionTest } from '../connections/useConnectionTest';
import { describeFormStatus, describeTest } from './describe';
import { useSettingsForm } from './useSettingsForm';

const keys = ['db.host', 'db.port', 'db.database', 'db.user', 'db.sslmode'] as const;
type Key = (typeof keys)[number];
const sslModes = ['disable', 'prefer', 'require', 'verify-full'] as const;

/** Settings → Database: where the catalog lives, and "Test database connection". */
export function DatabaseSection() {
  const t = useT();
  const { locale } = useLocale();
  const form = useSettingsForm(keys);
  const [test, runTest] = useConnectionTest('testDbConnection');
  const text = (key: Key) => String(form.value(key));
  const invalid = (key: Key, message: Parameters<typeof t>[0]) => (form.invalid.has(key) ? t(message) : undefined);
  const saveStatus = describeFormStatus(form.status, t);
  const testStatus = describeTest(test, t, locale);

  return (
    <Section
      icon="database"
      title={t('database.title')}
      description={t('database.description')}
      onSubmit={() => void form.submit()}
      testId="section-database"
      footer={
        <Actions
          start={
            <>
              <Button onClick={() => void runTest()} busy={test.kind === 'running'} testId="test-db" title={t('test.usesSaved')}>
                {t('database.test')}
              </Button>
              <LiveStatus tone={testStatus.tone} testId="test-db-result">
                {testStatus.text}
              </LiveStatus>
            </>
          }
          end={
            <>
              <LiveStatus tone={saveStatus.tone} testId="database-status">
                {saveStatus.text}
              </LiveStatus>
              <Button type="submit" variant="primary" busy={form.status.kind === 'saving'} disabled={!form.ready} testId="save-database">
                {t('form.save')}
              </Button>
            </>
          }
        />
      }
    >
      <div className="field-grid">
        <TextField
          span={4}
          label={t('database.host')}
          hint={t('database.host.hint')}
          error={invalid('db.host', 'database.host.invalid')}
          value={text('db.host')}
          onChange={(value) => form.setValue('db.host', value)}
          disabled={!form.ready}
          testId="setting-db.host"
        />
        <TextField
          span={2}
          label={t('database.port')}
          error={invalid('db.port', 'database.port.invalid')}
          value={text('db.port')}
          onChange={(value) => form.setValue('db.port', value)}
          inputMode="numeric"
          disabled={!form.ready}
          testId="setting-db.port"
        />
        <TextField
          span={3}
          label={t('database.database')}
          error={invalid('db.database', 'database.database.invalid')}
          value={text('db.database')}
          onChange={(value) => form.setValue('db.database', value)}
          disabled={!form.ready}
          testId="setting-db.database"
        />
        <TextField
          span={3}
          label={t('database.user')}
          error={invalid('db.user', 'database.user.invalid')}
          value={text('db.user')}
          onChange={(value) => form.setValue('db.user', value)}
          autoComplete="off"
          disabled={!form.ready}
          testId="setting-db.user"
        />
        <SelectField
          label={t('database.sslmode')}
          value={text('db.sslmode')}
          options={sslModes.map((mode) => ({ value: mode, label: t(`database.sslmode.${mode}`) }))}
          onChange={(value) => form.setValue('db.sslmode', value)}
          disabled={!form.ready}
          testId="setting-db.sslmode"
        />
      </div>
    </Section>
  );
}
