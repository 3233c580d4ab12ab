import { useId, type FormEvent, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/**
 * A card on the Settings screen. With `onSubmit` its body and footer form one <form>, so Enter in any field
 * saves the section.
 */
export function Section(props: {
  icon: IconName;
  title: string;
  description: string;
  children: ReactNode;
  footer?: ReactNode;
  onSubmit?: () => void;
  testId?: string;
}) {
  const titleId = useId();
  const content = (
    <>
      <div className="card__body">{props.children}</div>
      {props.footer ? <div className="card__footer">{props.footer}</div> : null}
    </>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit?.();
  };
  return (
    <section className="card" aria-labelledby={titleId} data-testid={props.testId}>
      <header className="card__header">
        <span className="card__icon">
          <Icon name={props.icon} />
        </span>
        <div>
          <h2 className="card__title" id={titleId}>
            {props.title}
          </h2>
          <p className="card__description">{props.description}</p>
        </div>
      </header>
      {props.onSubmit ? (
        <form noValidate onSubmit={submit}>
          {content}
        </form>
      ) : (
        content
      )}
    </section>
  );
}
