// The name and mail settings (PATCH /api/auth/me); the address shows whether it is confirmed yet.
import { useState } from 'preact/hooks';
import type { OwnUser } from '../../../shared/types';
import { api } from '../lib/api';
import { session } from '../lib/session';
import { useAction } from './use-action';
import { FormOutcome } from '../ui/form-outcome';

export function ProfileForm({ me, mail, onSaved }: { me: OwnUser; mail: boolean; onSaved: (me: OwnUser) => void }) {
  const [displayName, setDisplayName] = useState(me.displayName);
  const [email, setEmail] = useState(me.email ?? '');
  const [replies, setReplies] = useState(me.emailNotifications === 'replies');
  const { busy, error, notice, submit } = useAction(async () => {
    const mailFields = mail
      ? { email: email.trim() || null, emailNotifications: replies ? ('replies' as const) : ('off' as const) }
      : {};
    const { user } = await api<{ user: OwnUser }>('PATCH', '/api/auth/me', { displayName, ...mailFields });
    onSaved(user);
    session.set({ user, ready: true });
    return user.email && !user.emailConfirmed ? 'Saved. Check your mail for the confirmation link.' : 'Saved.';
  });
  return (
    <form class="auth-form" onSubmit={submit} aria-labelledby="account-profile">
      <h2 id="account-profile">Profile</h2>
      <label for="account-display">Display name</label>
      <input
        id="account-display"
        value={displayName}
        onInput={(e) => setDisplayName(e.currentTarget.value)}
        required
        maxLength={64}
      />
      {mail && (
        <>
          <label for="account-email">Email</label>
          <input
            id="account-email"
            type="email"
            autoComplete="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            maxLength={254}
          />
          {me.email && (
            <p class="hint">{me.emailConfirmed ? 'Confirmed.' : 'Unconfirmed: open the link we mailed you.'}</p>
          )}
          <label>
            <input type="checkbox" checked={replies} onChange={(e) => setReplies(e.currentTarget.checked)} /> Mail me
            when someone replies to my comments
          </label>
        </>
      )}
      <button type="submit" disabled={busy}>
        Save
      </button>
      <FormOutcome error={error} notice={notice} />
    </form>
  );
}
