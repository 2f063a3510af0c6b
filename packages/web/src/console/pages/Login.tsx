import { useState } from 'react';
import { QrCode } from '../../components/QrCode';
import { ErrorMessage, Field, Mono, PageTitle } from '../../components/ui';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { navigate } from '../../lib/router';

function Enrol({ onDone }: { onDone: () => void }) {
  const [enrol, setEnrol] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card" aria-labelledby="enrol">
      <h2 id="enrol">Set up your second factor</h2>
      <p>Operators sign in with a password and a time-based code (TOTP). Enrol an authenticator app once.</p>
      {!enrol ? (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              setEnrol(await api.post('/api/v1/operator/auth/totp/enroll'));
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? 'Preparing…' : 'Start enrolment'}
        </button>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              await api.post('/api/v1/operator/auth/totp/confirm', { body: { secret: enrol.secret, code } });
              onDone();
            } catch (err) {
              setError(err);
              setBusy(false);
            }
          }}
        >
          <p>Scan this code with your authenticator app, or type the secret by hand.</p>
          <QrCode text={enrol.otpauthUri} label="QR code for the TOTP secret" />
          <p>
            Secret: <Mono label="TOTP secret">{enrol.secret}</Mono>
          </p>
          <Field label="Code from your app" hint="6 digits.">
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Confirm enrolment'}
          </button>
        </form>
      )}
      <ErrorMessage error={error} title="Enrolment failed" />
    </section>
  );
}

export function LoginPage() {
  useTitle('Operator sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [stage, setStage] = useState<'login' | 'enroll'>('login');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (stage === 'enroll') {
    return (
      <main className="page" id="main">
        <PageTitle>Operator sign-in</PageTitle>
        <Enrol
          onDone={() => {
            setStage('login');
            setPassword('');
            setTotp('');
            setNotice('Second factor enrolled. Sign in again with your password and a code from your app.');
          }}
        />
      </main>
    );
  }
  return (
    <main className="page" id="main">
      <PageTitle>Operator sign-in</PageTitle>
      <p className="muted">The console is for platform operators; developers sign in on the public site. The two never share a session.</p>
      {notice && (
        <div className="alert alert-ok" role="status">
          {notice}
        </div>
      )}
      <form
        className="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const r = await api.post('/api/v1/operator/auth/login', { body: { email, password, ...(totp ? { totp } : {}) } });
            if (r.stage === 'enroll') {
              setNotice(null);
              setStage('enroll');
              setBusy(false);
            } else navigate('/console');
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        <Field label="Email">
          {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password">
          {(p) => <input {...p} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Authenticator code" hint="Leave empty the first time: you will be asked to enrol.">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={totp}
              onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
            />
          )}
        </Field>
        <ErrorMessage error={error} title="Sign-in failed" />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
