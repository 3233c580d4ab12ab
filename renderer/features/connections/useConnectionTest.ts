import { useCallback, useState } from 'react';
import type { ConnectionCheck } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import { useApi } from '../api/ApiContext';

export type ConnectionTestState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'passed'; check: ConnectionCheck }
  | { kind: 'failed'; error: AppError };

/** Runs "Test S3 connection" or "Test database connection" and keeps the latest outcome. */
export function useConnectionTest(channel: 'testS3Connection' | 'testDbConnection'): [ConnectionTestState, () => Promise<void>] {
  const api = useApi();
  const [state, setState] = useState<ConnectionTestState>({ kind: 'idle' });
  const run = useCallback(async () => {
    setState({ kind: 'running' });
    const result = await api[channel]();
    setState(result.ok ? { kind: 'passed', check: result.value } : { kind: 'failed', error: result.error });
  }, [api, channel]);
  return [state, run];
}
