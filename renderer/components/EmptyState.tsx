import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** A friendly placeholder for a screen with nothing to show yet, with the one action that fixes it. */
export function EmptyState(props: { icon: IconName; title: string; body: string; action?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={props.testId}>
      <div className="empty-state__icon">
        <Icon name={props.icon} size={28} />
      </div>
      <h2 className="empty-state__title">{props.title}</h2>
      <p className="empty-state__body">{props.body}</p>
      {props.action ? <div className="empty-state__action">{props.action}</div> : null}
    </div>
  );
}
