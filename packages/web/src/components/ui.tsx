import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ApiError } from '../lib/api';

/** An API (or any) error with the server's message and code, announced to screen readers. */
export function ErrorMessage({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error as Error;
  const code = e instanceof ApiError ? e.code : null;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}:</strong> {e.message || String(e)}
      {code && <span className="muted"> ({code})</span>}
    </div>
  );
}

/** A progress indicator for work in flight; `label` is what is happening. */
export function Progress({ label, value }: { label: string; value?: number }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      {value === undefined ? <span className="spinner" aria-hidden="true" /> : <progress max={100} value={value} aria-label={label} />}
      <span>{label}</span>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <Progress label={`Loading ${what}…`} />;
}

/** A labelled form control: every input has a visible label and an optional hint and error. */
export function Field({
  label,
  hint,
  error,
  children,
  id,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
  id?: string;
}) {
  const auto = useId();
  const fid = id ?? auto;
  const hintId = hint ? `${fid}-hint` : undefined;
  const errId = error ? `${fid}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      {children({ id: fid, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={errId}>
          {error}
        </div>
      )}
    </div>
  );
}

const TONES: Record<string, string> = {
  APPROVED: 'good',
  APPROVE: 'good',
  SAFE: 'good',
  CLEAR: 'good',
  PASSED: 'good',
  VOTED: 'neutral',
  LOW: 'good',
  INFO: 'neutral',
  OPEN: 'warn',
  MEDIUM: 'warn',
  CAUTION: 'warn',
  PARTIAL: 'warn',
  ESCALATED: 'warn',
  ESCALATE: 'warn',
  IN_AUDIT: 'info',
  SANDBOX: 'info',
  SUBMITTED: 'info',
  PAID: 'info',
  DRAFT: 'info',
  QUOTED: 'info',
  SUSPENDED: 'bad',
  REVOKED: 'bad',
  EXPIRED: 'bad',
  SUPERSEDED: 'warn',
  REJECTED: 'bad',
  REJECT: 'bad',
  UNSAFE: 'bad',
  HIGH: 'bad',
  CRITICAL: 'bad',
  FAILED: 'bad',
  UPHELD: 'bad',
  DISMISSED: 'neutral',
};

/** A status word with colour as a hint only (the word itself carries the meaning). */
export function Badge({ value }: { value: string | null | undefined }) {
  const v = value ?? '—';
  return <span className={`badge badge-${TONES[v] ?? 'neutral'}`}>{v}</span>;
}

/** A hash or address in full, selectable, wrapping on narrow screens. */
export function Mono({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <code className="mono" aria-label={label}>
      {children}
    </code>
  );
}

/** Page heading that takes focus on navigation, so keyboard and screen-reader users land on it. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

/** Label/value pairs. */
export function Facts({ items }: { items: Array<[ReactNode, ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v], i) => (
        <div key={i} className="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table that scrolls sideways on a phone instead of breaking the page. */
export function TableWrap({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A screen whose API has not arrived on this branch yet. */
export function Waiting({ what, api }: { what: string; api: string }) {
  return (
    <div className="alert alert-info" role="note">
      <p>
        <strong>{what}</strong> is not available on this deployment yet: it needs <code>{api}</code>, which this server does not provide.
      </p>
    </div>
  );
}

/** The outcome of a form's last action: the API's error, or what was done. */
export function ActionResult({ action, title = 'That was not saved' }: { action: { error: unknown; done: string | null }; title?: string }) {
  return (
    <>
      <ErrorMessage error={action.error} title={title} />
      {action.done && (
        <div className="alert alert-ok" role="status">
          {action.done}
        </div>
      )}
    </>
  );
}
