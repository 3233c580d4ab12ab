import { Actions } from '../../components/Actions';
import { Button } from '../../components/Button';
import { CheckboxField, SelectField, TextField } from '../../components/fields';
import { LiveStatus } from '../../components/LiveStatus';
import { Section } from '../../components/Section';
import { useLocale, useT } from '../../i18n/I18nProvider';
import { useConnectionTest } from '../connections/useConnectionTest';
import { describeFormStatus, describeTest } from './describe';
import { useSettingsForm } from './useSettingsForm';

const keys = ['s3.bucket', 's3.region', 's3.endpoint', 's3.forcePathStyle', 's3.checksums', 's3.publicBaseUrl'] as const;
type Key = (typeof keys)[number];

/** Settings → Storage: where photos go, and "Test S3 connection". */
export function StorageSection() {
  const t = useT();
  const { locale } = useLocale();
  const form = useSettingsForm(keys);
  const [test, runTest] = useConnectionTest('testS3Connection');
  const text = (key: Key) => String(form.value(key));
  const invalid = (key: Key, message: Parameters<typeof t>[0]) => (form.invalid.has(key) ? t(message) : undefined);
  const checksums = text('s3.checksums') === 'when-required' ? 'when-required' : 'auto';
  const saveStatus = describeFormStatus(form.status, t);
  const testStatus = describeTest(test, t, locale);

  return (
    <Section
      icon="storage"
      title={t('storage.title')}
      description={t('storage.description')}
      onSubmit={() => void form.submit()}
      testId="section-storage"
      footer={
        <Actions
          start={
            <>
              <Button onClick={() => void runTest()} busy={test.kind === 'running'} testId="test-s3" title={t('test.usesSaved')}>
                {t('storage.test')}
              </Button>
              <LiveStatus tone={testStatus.tone} testId="test-s3-result">
                {testStatus.text}
              </LiveStatus>
            </>
          }
          end={
            <>
              <LiveStatus tone={saveStatus.tone} testId="storage-status">
                {saveStatus.text}
              </LiveStatus>
              <Button type="submit" variant="primary" busy={form.status.kind === 'saving'} disabled={!form.ready} testId="save-storage">
                {t('form.save')}
              </Button>
            </>
          }
        />
      }
    >
      <div className="field-grid">
        <TextField
          span={3}
          label={t('storage.bucket')}
          hint={t('storage.bucket.hint')}
          error={invalid('s3.bucket', 'storage.bucket.invalid')}
          value={text('s3.bucket')}
          onChange={(value) => form.setValue('s3.bucket', value)}
          disabled={!form.ready}
          testId="setting-s3.bucket"
        />
        <TextField
          span={3}
          label={t('storage.region')}
          hint={t('storage.region.hint')}
          error={invalid('s3.region', 'storage.region.invalid')}
          value={text('s3.region')}
          onChange={(value) => form.setValue('s3.region', value)}
          disabled={!form.ready}
          testId="setting-s3.region"
        />
        <TextField
          label={t('storage.endpoint')}
          note={t('form.optional')}
          hint={t('storage.endpoint.hint')}
          error={invalid('s3.endpoint', 'storage.endpoint.invalid')}
          value={text('s3.endpoint')}
          onChange={(value) => form.setValue('s3.endpoint', value)}
          type="url"
          placeholder="https://"
          disabled={!form.ready}
          testId="setting-s3.endpoint"
        />
        <TextField
          label={t('storage.publicBaseUrl')}
          note={t('form.optional')}
          hint={t('storage.publicBaseUrl.hint')}
          error={invalid('s3.publicBaseUrl', 'storage.publicBaseUrl.invalid')}
          value={text('s3.publicBaseUrl')}
          onChange={(value) => form.setValue('s3.publicBaseUrl', value)}
          type="url"
          placeholder="https://"
          disabled={!form.ready}
          testId="setting-s3.publicBaseUrl"
        />
        <SelectField
          span={3}
          label={t('storage.checksums')}
          hint={t(`storage.checksums.explain.${checksums}`)}
          value={checksums}
          options={[
            { value: 'auto', label: t('storage.checksums.auto') },
            { value: 'when-required', label: t('storage.checksums.when-required') },
          ]}
          onChange={(value) => form.setValue('s3.checksums', value)}
          disabled={!form.ready}
          testId="setting-s3.checksums"
        />
        <CheckboxField
          span={3}
          label={t('storage.forcePathStyle')}
          hint={t('storage.forcePathStyle.hint')}
          checked={form.value('s3.forcePathStyle') === true}
          onChange={(checked) => form.setValue('s3.forcePathStyle', checked)}
          disabled={!form.ready}
          testId="setting-s3.forcePathStyle"
        />
      </div>
    </Section>
  );
}
