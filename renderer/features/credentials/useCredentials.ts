import { useCallback } from 'react';
import type { CredentialStatus } from '../../../shared/credentials';
import type { AwsCredentials } from '../../../shared/ipc/contract';
import type { AppError, Result } from '../../../shared/result';
import { useApi } from '../api/ApiContext';
import { useLiveValue } from '../api/useLiveValue';

export interface Credentials {
  /** Null until loaded. Holds whether each credential is configured, never a secret. */
  status: CredentialStatus | null;
  loadError: AppError | null;
  setAws(credentials: AwsCredentials): Promise<Result<CredentialStatus>>;
  setDbPassword(password: string): Promise<Result<CredentialStatus>>;
  clear(which: 'aws' | 'db'): Promise<Result<CredentialStatus>>;
}

/** The credential status, kept current by `credentialsChanged`, and the write-only operations. */
export function useCredentials(): Credentials {
  const api = useApi();
  const { value: status, setValue: setStatus, loadError } = useLiveValue('credentialsChanged', (a) => a.getCredentialStatus());

  const apply = useCallback(async (pending: Promise<Result<CredentialStatus>>) => {
    const result = await pending;
    if (result.ok) setStatus(result.value);
    return result;
  }, [setStatus]);

  return {
    status,
    loadError,
    setAws: useCallback((credentials) => apply(api.setAwsCredentials(credentials)), [api, apply]),
    setDbPassword: useCallback((password) => apply(api.setDbPassword({ password })), [api, apply]),
    clear: useCallback((which) => apply(api.clearCredentials({ which })), [api, apply]),
  };
}
