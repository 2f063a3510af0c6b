import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import type { Action } from '../lib/hooks';
import { ActionResult, Field, Progress } from './ui';

/**
 * A form whose submit is one action (`useAction`): the button is disabled while it runs or while the
 * input is not valid, a progress line can say what is happening, and the API's error (with its code)
 * or what was done is shown under it. `onSubmit` returns the sentence to show on success.
 */
export function Form({
  action,
  name = 'submit',
  onSubmit,
  submitLabel,
  busyLabel,
  canSubmit = true,
  submitClassName,
  progress,
  resultTitle,
  inline,
  className,
  labelledBy,
  extra,
  children,
}: {
  action: Action;
  name?: string;
  onSubmit: () => Promise<string | void>;
  submitLabel: ReactNode;
  /** The button's text while the action runs. */
  busyLabel?: string;
  canSubmit?: boolean;
  submitClassName?: string;
  /** A progress line while the action runs. */
  progress?: string;
  /** The heading of the error message ("That was not saved"). */
  resultTitle?: string;
  /** Fields and buttons on one line (`inline-form`). */
  inline?: boolean;
  className?: string;
  labelledBy?: string;
  /** More buttons beside the submit button. */
  extra?: ReactNode;
  children: ReactNode;
}) {
  const button = (
    <button type="submit" className={submitClassName} disabled={action.busy !== null || !canSubmit}>
      {action.busy !== null && busyLabel ? busyLabel : submitLabel}
    </button>
  );
  return (
    <form
      className={[inline ? 'inline-form' : '', className ?? ''].join(' ').trim() || undefined}
      aria-labelledby={labelledBy}
      onSubmit={(e) => {
        e.preventDefault();
        if (!canSubmit || action.busy !== null) return;
        void action.run(name, onSubmit);
      }}
    >
      {children}
      {inline ? (
        <>
          {button}
          {extra}
        </>
      ) : (
        <div className="actions">
          {button}
          {extra}
        </div>
      )}
      {action.busy !== null && progress && <Progress label={progress} />}
      <ActionResult action={action} title={resultTitle} />
    </form>
  );
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  id?: string;
}

/** A labelled text input (any `type` but file and checkbox): `onChange` gets the text. */
export function TextField({
  label,
  hint,
  error,
  id,
  value,
  onChange,
  mono,
  ...input
}: FieldProps & { value: string; onChange: (value: string) => void; mono?: boolean } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'value' | 'onChange' | 'id' | 'className'
  >) {
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {(p) => <input {...input} {...p} className={mono ? 'mono' : undefined} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A labelled text area: `onChange` gets the text. */
export function TextAreaField({
  label,
  hint,
  error,
  id,
  value,
  onChange,
  mono,
  ...area
}: FieldProps & { value: string; onChange: (value: string) => void; mono?: boolean } & Omit<
    TextareaHTMLAttributes<HTMLTextAreaElement>,
    'value' | 'onChange' | 'id' | 'className'
  >) {
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {(p) => <textarea {...area} {...p} className={mono ? 'mono' : undefined} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export interface Option<V extends string> {
  value: V;
  label?: ReactNode;
  disabled?: boolean;
}
const asOption = <V extends string>(o: V | Option<V>): Option<V> => (typeof o === 'string' ? { value: o } : o);

/** A labelled select of string values; options are values or `{ value, label, disabled }`. */
export function SelectField<V extends string>({
  label,
  hint,
  error,
  id,
  value,
  onChange,
  options,
  required,
}: FieldProps & { value: V; onChange: (value: V) => void; options: ReadonlyArray<V | Option<V>>; required?: boolean }) {
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {(p) => (
        <select {...p} value={value} required={required} onChange={(e) => onChange(e.target.value as V)}>
          {options.map(asOption).map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label ?? o.value}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A group of radio buttons under a legend; each label holds its button, so the label names it. */
export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  onChange,
  options,
  required,
}: {
  legend: string;
  name: string;
  value: V | '';
  onChange: (value: V) => void;
  options: ReadonlyArray<Option<V>>;
  required?: boolean;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="radio-row">
        {options.map((o, i) => (
          <label key={o.value}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={o.disabled}
              required={required && i === 0}
              onChange={() => onChange(o.value)}
            />{' '}
            {o.label ?? o.value}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
