// Sign in or register without leaving the page: the reader's place and draft stay where they are.
import { useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { register, signIn } from '../lib/session';
import { useMailEnabled } from '../lib/site';
import { ForgotPassword } from './forgot-password';

export function AuthPanel({ idPrefix, intro }: { idPrefix: string; intro?: string }) {
  const [mode, setMode] = useState<'signin' | 'register' | 'forgot'>('signin');
  const mail = useMailEnabled();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const id = (name: string) => `${idPrefix}-${name}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (mode === 'signin') await signIn(username.trim(), password);
      else await register(username.trim(), password, displayName.trim() || undefined);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'forgot') {
    return (
      <section class="auth-panel" aria-labelledby={id('title')}>
        <h2 id={id('title')}>Forgot password</h2>
        <ForgotPassword idPrefix={idPrefix} />
        <p class="switch">
          <button type="button" class="link" onClick={() => setMode('signin')}>
            Back to sign in
          </button>
        </p>
      </section>
    );
  }

  return (
    <section class="auth-panel" aria-labelledby={id('title')}>
      <h2 id={id('title')}>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h2>
      {intro && <p class="hint">{intro}</p>}
      <form onSubmit={submit} class="auth-form">
        <label for={id('username')}>Username</label>
        <input
          id={id('username')}
          name="username"
          autoComplete="username"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
          required
          minLength={3}
          maxLength={32}
        />
        {mode === 'register' && (
          <>
            <label for={id('display')}>Display name (optional)</label>
            <input
              id={id('display')}
              name="displayName"
              autoComplete="nickname"
              value={displayName}
              onInput={(e) => setDisplayName(e.currentTarget.value)}
              maxLength={64}
            />
          </>
        )}
        <label for={id('password')}>Password</label>
        <input
          id={id('password')}
          name="password"
          type="password"
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
          minLength={mode === 'register' ? 8 : 1}
        />
        <button type="submit" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Register'}
        </button>
        <p class="form-error" role="alert">
          {error}
        </p>
      </form>
      <p class="switch">
        {mode === 'signin' ? 'New here? ' : 'Have an account? '}
        <button
          type="button"
          class="link"
          onClick={() => (setMode(mode === 'signin' ? 'register' : 'signin'), setError(''))}
        >
          {mode === 'signin' ? 'Create an account' : 'Sign in instead'}
        </button>
        {mode === 'signin' && mail && (
          <>
            {' · '}
            <button type="button" class="link" onClick={() => (setMode('forgot'), setError(''))}>
              Forgot password?
            </button>
          </>
        )}
      </p>
    </section>
  );
}
