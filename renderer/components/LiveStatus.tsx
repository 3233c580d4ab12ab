import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'pending' | 'success' | 'error';

/**
 * A one-line outcome (saved, test passed, error). It is always in the DOM, empty when there is nothing to
 * say, because screen readers only announce changes to a live region that already exists.
 */
export function LiveStatus(props: { tone: Tone; testId: string; children?: ReactNode }) {
  return (
    <p className={`live-status live-status--${props.tone}`} aria-live="polite" aria-atomic="true" data-testid={props.testId}>
      {props.children}
    </p>
  );
}
