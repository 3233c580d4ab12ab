import type { ReactNode } from 'react';
import { Icon } from './Icon';

/** A notice above a screen or section: something is wrong with the environment, not with the input. */
export function Banner(props: { tone: 'warning' | 'info'; title?: string; children: ReactNode; testId?: string }) {
  return (
    <div className={`banner banner--${props.tone}`} role={props.tone === 'warning' ? 'alert' : 'status'} data-testid={props.testId}>
      <Icon name="warning" className="banner__icon" />
      <div>
        {props.title ? <p className="banner__title">{props.title}</p> : null}
        <p className="banner__body">{props.children}</p>
      </div>
    </div>
  );
}
