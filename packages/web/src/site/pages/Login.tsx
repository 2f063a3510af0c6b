import { useEffect, useRef, useState } from 'react';
import { ErrorMessage, Field, PageTitle } from '../../components/ui';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { navigate, useQuery } from '../../lib/router';

/** Only same-site paths are accepted as a post-login destination. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/dashboard';
}

export function LoginPage() {
  useTitle('Sign in');
  const next = safeNext(useQuery().get('next'));
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [stage, setStage] = useState<'email' | 'code'>('email');
  const [delivery, setDelivery] = useState<'smtp' | 'outbox' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  // Once the code is sent, keyboard focus moves to the code field.
  useEffect(() => {
    if (stage === 'code') codeRef.current?.focus();
  }, [stage]);

  const sendCode = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post('/api/v1/dev/auth/code', { body: { email } });
      setDelivery(r.delivery);
      setStage('code');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page" id="main">
      <PageTitle>Sign in to the developer dashboard</PageTitle>
      <div className="card">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (stage === 'email') return sendCode();
            setBusy(true);
            setError(null);
            try {
              await api.post('/api/v1/dev/auth/login', { body: { email, code } });
              navigate(next);
            } catch (err) {
              setError(err);
              setBusy(false);
            }
          }}
        >
          <Field label="Email address" hint="We send a 6-digit code; it works once, for 10 minutes.">
            {(p) => (
              <input {...p} type="email" autoComplete="email" required value={email} readOnly={stage === 'code'} onChange={(e) => setEmail(e.target.value)} />
            )}
          </Field>
          {stage === 'code' && (
            <>
              <div className="alert alert-info" role="status">
                A sign-in code was sent to <strong>{email}</strong>.
              </div>
              {delivery === 'outbox' && (
                <div className="dev-only" role="note">
                  Development only: this server has no email (SMTP) configured. Your code is in the{' '}
                  <a href="/dev/outbox" target="_blank" rel="noopener">
                    development outbox
                  </a>
                  .
                </div>
              )}
              <Field label="Sign-in code">
                {(p) => (
                  <input
                    {...p}
                    ref={codeRef}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    pattern="[0-9]{6}"
                    maxLength={6}
                    required
                    value={code}
                    onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                  />
                )}
              </Field>
            </>
          )}
          <ErrorMessage error={error} title="Sign-in failed" />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Please wait…' : stage === 'email' ? 'Email me a code' : 'Sign in'}
            </button>
            {stage === 'code' && (
              <>
                <button type="button" className="secondary" disabled={busy} onClick={() => void sendCode()}>
                  Send a new code
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setStage('email');
                    setCode('');
                  }}
                >
                  Use another address
                </button>
              </>
            )}
          </div>
        </form>
      </div>
      <p className="muted">Using the CLI? Create an API key in the dashboard after signing in.</p>
    </main>
  );
}
