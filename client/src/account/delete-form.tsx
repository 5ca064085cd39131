// Export and deletion: the data as a JSON download, and the account's end (its comments stay as deleted).
import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { navigate } from '../lib/router';
import { sessionEnded } from '../lib/session';
import { useAction } from './use-action';
import { FormOutcome } from '../ui/form-outcome';

export function DataSection() {
  const [password, setPassword] = useState('');
  const { busy, error, notice, submit } = useAction(async () => {
    if (!window.confirm('Delete your account for good? Your comments stay, shown as deleted.')) return;
    await api('DELETE', '/api/auth/me', { password });
    sessionEnded();
    navigate('/');
  });
  return (
    <section aria-labelledby="account-data">
      <h2 id="account-data">Your data</h2>
      <p>
        <a href="/api/auth/me/export" download>
          Download your data (JSON)
        </a>
      </p>
      <form class="auth-form" onSubmit={submit}>
        <label for="account-delete-password">Password, to delete the account</label>
        <input
          id="account-delete-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
        <button type="submit" class="danger" disabled={busy}>
          Delete my account
        </button>
        <FormOutcome error={error} notice={notice} />
      </form>
    </section>
  );
}
