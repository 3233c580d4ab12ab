import type { ReactNode } from 'react';

/** A row of actions: secondary ones (tests, clear) at the start, the saving action at the end. */
export function Actions(props: { start?: ReactNode; end: ReactNode }) {
  return (
    <div className="actions">
      <div className="actions__start">{props.start}</div>
      <div className="actions__end">{props.end}</div>
    </div>
  );
}
