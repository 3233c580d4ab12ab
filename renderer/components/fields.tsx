import { useId, type HTMLAttributes, type ReactNode } from 'react';

/** How many of the form grid's six columns a field spans. */
export type Span = 2 | 3 | 4 | 6;

interface Common {
  label: string;
  hint?: ReactNode;
  /** Shown under the field, which is then marked invalid. */
  error?: string;
  testId: string;
  span?: Span;
  /** Shown after the label, e.g. "optional". */
  note?: string;
  disabled?: boolean;
}

/** Label, control, hint and error, wired together with ids so assistive tech reads them as one. */
function FieldFrame(props: Common & { controlId: string; hintId: string; errorId: string; children: ReactNode }) {
  return (
    <div className={`field span-${props.span ?? 6}`}>
      <label className="field__label" htmlFor={props.controlId}>
        {props.label}
        {props.note ? <span className="field__note"> · {props.note}</span> : null}
      </label>
      {props.children}
      {props.hint ? (
        <p className="field__hint" id={props.hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field__error" id={props.errorId} data-testid={`${props.testId}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function useFieldIds(props: Common) {
  const base = useId();
  const hintId = `${base}-hint`;
  const errorId = `${base}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return { controlId: `${base}-control`, hintId, errorId, describedBy };
}

/** A single-line text input (also used for numbers, passwords and secrets). */
export function TextField(
  props: Common & {
    value: string;
    onChange(value: string): void;
    type?: 'text' | 'password' | 'url';
    inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
    placeholder?: string;
    autoComplete?: string;
    monospace?: boolean;
  },
) {
  const ids = useFieldIds(props);
  return (
    <FieldFrame {...props} {...ids}>
      <input
        id={ids.controlId}
        className={props.monospace ? 'input input--mono' : 'input'}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={ids.describedBy}
        data-testid={props.testId}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A drop-down of fixed choices. */
export function SelectField(props: Common & { value: string; options: Option[]; onChange(value: string): void }) {
  const ids = useFieldIds(props);
  return (
    <FieldFrame {...props} {...ids}>
      <select
        id={ids.controlId}
        className="input select"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={ids.describedBy}
        data-testid={props.testId}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** An on/off choice with its explanation beside it. */
export function CheckboxField(props: Common & { checked: boolean; onChange(checked: boolean): void }) {
  const ids = useFieldIds(props);
  return (
    <div className={`field field--checkbox span-${props.span ?? 6}`}>
      <input
        id={ids.controlId}
        className="checkbox"
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
        disabled={props.disabled}
        aria-describedby={ids.describedBy}
        data-testid={props.testId}
      />
      <div>
        <label className="field__label" htmlFor={ids.controlId}>
          {props.label}
        </label>
        {props.hint ? (
          <p className="field__hint" id={ids.hintId}>
            {props.hint}
          </p>
        ) : null}
        {props.error ? (
          <p className="field__error" id={ids.errorId}>
            {props.error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
