import { useEffect, useRef, useState } from 'react';
import type { EventName } from '../../../shared/ipc/channels';
import type { EventPayloads, VitrinaApi } from '../../../shared/ipc/contract';
import type { AppError, Result } from '../../../shared/result';
import { useApi, useConnectionState } from './ApiContext';

/**
 * A value main owns and announces with an event (settings, credential status, …): loaded once, reloaded
 * after the bridge reconnects, and replaced by every event. A load answered after an event does not undo
 * the newer value the event brought.
 */
export function useLiveValue<E extends EventName>(
  event: E,
  load: (api: VitrinaApi) => Promise<Result<EventPayloads[E]>>,
): { value: EventPayloads[E] | null; setValue(value: EventPayloads[E]): void; loadError: AppError | null } {
  const api = useApi();
  const { reconnections } = useConnectionState();
  const [value, setValue] = useState<EventPayloads[E] | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const changes = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(
    () =>
      api.on(event, (next) => {
        changes.current += 1;
        setValue(next);
      }),
    [api, event],
  );
  useEffect(() => {
    let current = true;
    const changesBefore = changes.current;
    void loadRef.current(api).then((result) => {
      if (!current || changes.current !== changesBefore) return;
      if (result.ok) {
        setValue(result.value);
        setLoadError(null);
      } else {
        setLoadError(result.error);
      }
    });
    return () => {
      current = false;
    };
  }, [api, reconnections]);

  return { value, setValue, loadError };
}
