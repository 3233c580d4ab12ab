import { useCallback, useEffect, useRef, useState } from 'react';
import type { CredentialStatus } from '../../../shared/credentials';
import type { AwsCredentials } from '../../../shared/ipc/contract';
import type { AppError, Result } from '../../../shared/result';
import { useApi, useConnectionState } from '../api/ApiContext';

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
  const { reconnections } = useConnectionState();
  const [status, setStatus] = useState<CredentialStatus | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  // As in SettingsProvider: a load answered after a credentialsChanged event must not undo it.
  const changes = useRef(0);

  useEffect(
    () =>
      api.on('credentialsChanged', (next) => {
        changes.current += 1;
        setStatus(next);
      }),
    [api],
  );
  useEffect(() => {
    let current = true;
    const changesBefore = changes.current;
    void api.getCredentialStatus().then((result) => {
      if (!current || changes.current !== changesBefore) return;
      if (result.ok) {
        setStatus(result.value);
        setLoadError(null);
      } else {
        setLoadError(result.error);
      }
    });
    return () => {
      current = false;
    };
  }, [api, reconnections]);

  const apply = useCallback(async (pending: Promise<Result<CredentialStatus>>) => {
    const result = await pending;
    if (result.ok) setStatus(result.value);
    return result;
  }, []);

  return {
    status,
    loadError,
    setAws: useCallback((credentials) => apply(api.setAwsCredentials(credentials)), [api, apply]),
    setDbPassword: useCallback((password) => apply(api.setDbPassword({ password })), [api, apply]),
    clear: useCallback((which) => apply(api.clearCredentials({ which })), [api, apply]),
  };
}
