import type { FormEvent, ReactNode } from 'react';
import { Actions } from './Actions';
import { LiveStatus, type Tone } from './LiveStatus';

/** One credential's box: title and status, its inputs, and a result line beside its actions. */
export function CredentialBox(props: {
  title: string;
  status: ReactNode;
  children: ReactNode;
  actions: ReactNode;
  result: { tone: Tone; text: string };
  resultTestId: string;
  onSubmit(): void;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="subpanel" noValidate onSubmit={submit}>
      <div className="subpanel__header">
        <h3 className="subpanel__title">{props.title}</h3>
        {props.status}
      </div>
      <div className="field-grid">{props.children}</div>
      <Actions
        start={
          <LiveStatus tone={props.result.tone} testId={props.resultTestId}>
            {props.result.text}
          </LiveStatus>
        }
        end={props.actions}
      />
    </form>
  );
}
