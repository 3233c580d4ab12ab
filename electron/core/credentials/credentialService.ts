import { maskAccessKeyId, type CredentialStatus, type KeychainState } from '../../../shared/credentials';
import type { AwsCredentials } from '../../../shared/ipc/contract';
import { AppFailure } from '../errors';
import type { Redactor } from '../redact';
import type { SecretStore } from './secretStore';

/** Keychain account names under the Vitrina service. AWS keys are one entry so they change together. */
const AWS_ACCOUNT = 'aws';
const DB_ACCOUNT = 'db-password';
/** Read (never written) to learn whether the keychain answers at all. */
const PROBE_ACCOUNT = 'probe';

/**
 * Credentials for S3 and PostgreSQL, kept only in the OS keychain. Callers in main may read the secrets to
 * build clients; everything that leaves main goes through `status()`, which holds no secret. Every secret
 * read or written is remembered by the redactor, so it is scrubbed from logs and errors.
 */
export class CredentialService {
  constructor(
    private readonly store: SecretStore,
    private readonly redactor: Redactor,
  ) {}

  async status(): Promise<CredentialStatus> {
    let keychain: KeychainState = { available: true };
    let aws: AwsCredentials | null = null;
    let dbConfigured = false;
    try {
      await this.store.get(PROBE_ACCOUNT);
      aws = await this.getAws();
      dbConfigured = (await this.getDbPassword()) !== null;
    } catch (error) {
      if (!(error instanceof AppFailure) || error.kind !== 'keychain-unavailable') throw error;
      keychain = { available: false, message: error.message };
    }
    return {
      keychain,
      aws: {
        configured: aws !== null,
        maskedAccessKeyId: aws ? maskAccessKeyId(aws.accessKeyId) : null,
        hasSessionToken: Boolean(aws?.sessionToken),
      },
      db: { configured: dbConfigured },
    };
  }

  /** The stored AWS credentials, or null when none are stored. Main process only. */
  async getAws(): Promise<AwsCredentials | null> {
    const raw = await this.store.get(AWS_ACCOUNT);
    if (raw === null) return null;
    let parsed: Partial<AwsCredentials>;
    try {
      parsed = JSON.parse(raw) as Partial<AwsCredentials>;
    } catch {
      return null; // an entry we did not write; treated as "not configured" so the user re-enters it
    }
    if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') return null;
    this.redactor.remember(parsed.secretAccessKey);
    this.redactor.remember(parsed.sessionToken);
    return {
      accessKeyId: parsed.accessKeyId,
      secretAccessKey: parsed.secretAccessKey,
      ...(parsed.sessionToken ? { sessionToken: parsed.sessionToken } : {}),
    };
  }

  async setAws(credentials: AwsCredentials): Promise<void> {
    this.redactor.remember(credentials.secretAccessKey);
    this.redactor.remember(credentials.sessionToken);
    await this.store.set(AWS_ACCOUNT, JSON.stringify(credentials));
  }

  /** The stored PostgreSQL password, or null. Main process only. */
  async getDbPassword(): Promise<string | null> {
    const password = await this.store.get(DB_ACCOUNT);
    this.redactor.remember(password);
    return password;
  }

  async setDbPassword(password: string): Promise<void> {
    this.redactor.remember(password);
    await this.store.set(DB_ACCOUNT, password);
  }

  async clear(which: 'aws' | 'db' | 'all'): Promise<void> {
    if (which !== 'db') await this.store.delete(AWS_ACCOUNT);
    if (which !== 'aws') await this.store.delete(DB_ACCOUNT);
  }
}
