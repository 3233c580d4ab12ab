import { useState } from 'react';
import type { CredentialStatus } from '../../../shared/credentials';
import { missingCase, type Result } from '../../../shared/result';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { TextField } from '../../components/fields';
import { CredentialBox } from '../../components/CredentialBox';
import type { Tone } from '../../components/LiveStatus';
import { Section } from '../../components/Section';
import { StatusPill } from '../../components/StatusPill';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { useCredentials, type Credentials } from './useCredentials';

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string };

function describeOutcome(outcome: Outcome): { tone: Tone; text: string } {
  switch (outcome.kind) {
    case 'idle':
      return { tone: 'neutral', text: '' };
    case 'busy':
      return { tone: 'pending', text: '' };
    case 'done':
      return { tone: 'success', text: outcome.text };
    case 'error':
      return { tone: 'error', text: outcome.text };
    default:
      return missingCase(outcome);
  }
}

/**
 * Settings → Credentials. Inputs are write-only: main never sends a secret back, so the form only ever
 * shows whether something is stored (and a masked key id), and empties itself after a save.
 */
export function CredentialsSection() {
  const t = useT();
  const credentials = useCredentials();
  const keychain = credentials.status?.keychain;
  const unavailable = keychain && !keychain.available ? keychain.message : null;
  return (
    <Section icon="key" title={t('credentials.title')} description={t('credentials.description')} testId="section-credentials">
      {unavailable ? (
        <Banner tone="warning" title={t('credentials.keychainUnavailable')} testId="keychain-banner">
          {unavailable}
        </Banner>
      ) : null}
      {credentials.loadError ? (
        <Banner tone="warning" testId="credentials-load-error">
          {credentials.loadError.message}
        </Banner>
      ) : null}
      <div className="subpanels">
        <AwsCredentialsForm credentials={credentials} disabled={!credentials.status || unavailable !== null} />
        <DbPasswordForm credentials={credentials} disabled={!credentials.status || unavailable !== null} />
      </div>
    </Section>
  );
}

function awsStatusText(status: CredentialStatus | null, t: Translate): string {
  if (!status?.aws.configured) return t('credentials.notConfigured');
  const configured = status.aws.maskedAccessKeyId
    ? t('credentials.configuredAs', { id: status.aws.maskedAccessKeyId })
    : t('credentials.configured');
  return status.aws.hasSessionToken ? `${configured} · ${t('credentials.withSessionToken')}` : configured;
}

/** Runs a keychain write and turns its Result into the line shown under the form. */
async function track(setOutcome: (outcome: Outcome) => void, pending: Promise<Result<unknown>>, doneText: string): Promise<boolean> {
  setOutcome({ kind: 'busy' });
  const result = await pending;
  setOutcome(result.ok ? { kind: 'done', text: doneText } : { kind: 'error', text: result.error.message });
  return result.ok;
}

function AwsCredentialsForm(props: { credentials: Credentials; disabled: boolean }) {
  const t = useT();
  const { status, setAws, clear } = props.credentials;
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [sessionToken, setSessionToken] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const save = async () => {
    // Keys and tokens never contain spaces: a leading or trailing one is a copy-paste accident.
    const id = accessKeyId.trim();
    const secret = secretAccessKey.trim();
    const token = sessionToken.trim();
    if (!id || !secret) return setOutcome({ kind: 'error', text: t('credentials.aws.missing') });
    const saved = await track(setOutcome, setAws({ accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) }), t('form.saved'));
    if (saved) {
      setAccessKeyId('');
      setSecretAccessKey('');
      setSessionToken('');
    }
  };

  return (
    <CredentialBox
      title={t('credentials.aws.title')}
      status={<StatusPill on={Boolean(status?.aws.configured)} label={awsStatusText(status, t)} testId="aws-status" />}
      onSubmit={() => void save()}
      result={describeOutcome(outcome)}
      resultTestId="aws-result"
      actions={
        <>
          {status?.aws.configured ? (
            <Button variant="danger-ghost" onClick={() => void track(setOutcome, clear('aws'), t('credentials.cleared'))} disabled={props.disabled} testId="clear-aws">
              {t('credentials.clear')}
            </Button>
          ) : null}
          <Button type="submit" variant="primary" busy={outcome.kind === 'busy'} disabled={props.disabled} testId="save-aws">
            {t('credentials.aws.save')}
          </Button>
        </>
      }
    >
      <TextField label={t('credentials.aws.accessKeyId')} value={accessKeyId} onChange={setAccessKeyId} placeholder="AKIA…" monospace disabled={props.disabled} testId="aws-access-key-id" />
      <TextField span={3} type="password" label={t('credentials.aws.secretAccessKey')} value={secretAccessKey} onChange={setSecretAccessKey} autoComplete="new-password" monospace disabled={props.disabled} testId="aws-secret-access-key" />
      <TextField
        span={3}
        type="password"
        label={t('credentials.aws.sessionToken')}
        note={t('form.optional')}
        hint={t('credentials.aws.sessionToken.hint')}
        value={sessionToken}
        onChange={setSessionToken}
        autoComplete="new-password"
        monospace
        disabled={props.disabled}
        testId="aws-session-token"
      />
    </CredentialBox>
  );
}

function DbPasswordForm(props: { credentials: Credentials; disabled: boolean }) {
  const t = useT();
  const { status, setDbPassword, clear } = props.credentials;
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const configured = Boolean(status?.db.configured);

  const save = async () => {
    // Passwords are taken as typed: spaces can be part of one.
    if (!password) return setOutcome({ kind: 'error', text: t('credentials.db.missing') });
    if (await track(setOutcome, setDbPassword(password), t('form.saved'))) setPassword('');
  };

  return (
    <CredentialBox
      title={t('credentials.db.title')}
      status={<StatusPill on={configured} label={configured ? t('credentials.configured') : t('credentials.notConfigured')} testId="db-password-status" />}
      onSubmit={() => void save()}
      result={describeOutcome(outcome)}
      resultTestId="db-password-result"
      actions={
        <>
          {configured ? (
            <Button variant="danger-ghost" onClick={() => void track(setOutcome, clear('db'), t('credentials.cleared'))} disabled={props.disabled} testId="clear-db-password">
              {t('credentials.clear')}
            </Button>
          ) : null}
          <Button type="submit" variant="primary" busy={outcome.kind === 'busy'} disabled={props.disabled} testId="save-db-password">
            {t('credentials.db.save')}
          </Button>
        </>
      }
    >
      <TextField type="password" label={t('credentials.db.password')} value={password} onChange={setPassword} autoComplete="new-password" disabled={props.disabled} testId="db-password" />
    </CredentialBox>
  );
}
