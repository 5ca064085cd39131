// The site's header: home link, moderation link for moderators (with the live queue's counts), the connection indicator and the
// reader's account (sign in / register opens a panel under the header; sign out keeps the page).
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { isModerator, session, signOut } from '../lib/session';
import { SITE_NAME } from '../lib/site';
import { connection } from '../lib/socket';
import { useStore } from '../lib/store';
import { queueCounts } from '../moderation/live-queue';
import '../moderation/moderation.css';
import { AuthPanel } from './auth-panel';
import { NotificationBell } from './notification-bell';
import { ProfileLink } from './profile-link';
import { NameAndHandle } from './user-name';

const CONNECTION_TEXT = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' } as const;

export function Header() {
  const { user, ready } = useStore(session);
  const state = useStore(connection);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    if (user) setOpen(false);
  }, [user]);
  return (
    <header class="site-header">
      <div class="bar">
        <a class="brand" href="/">
          {SITE_NAME}
        </a>
        <nav aria-label="Main">
          <a href="/">Articles</a>
          {isModerator(user) && <ModerationLink />}
        </nav>
        <span class={`connection ${state}`} role="status" aria-label={`Connection: ${CONNECTION_TEXT[state]}`}>
          <span class="dot" aria-hidden="true" />
          {CONNECTION_TEXT[state]}
        </span>
        <div class="account">
          {!ready ? null : user ? (
            <>
              <NotificationBell />
              <span class="whoami">
                <span class="wide-only">Signed in as </span>
                <ProfileLink username={user.username}>
                  <NameAndHandle user={user} />
                </ProfileLink>
              </span>
              <a href="/account">Account</a>
              <button
                type="button"
                class="secondary"
                onClick={() => signOut().catch((err: unknown) => setError(describeError(err)))}
              >
                Sign out
              </button>
            </>
          ) : (
            <button
              type="button"
              class="secondary"
              aria-expanded={open}
              aria-controls="header-auth"
              onClick={() => setOpen(!open)}
            >
              Sign in / Register
            </button>
          )}
        </div>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {open && !user && (
        <div id="header-auth" class="header-auth">
          <AuthPanel idPrefix="header-auth" />
        </div>
      )}
    </header>
  );
}

/** The moderation link with the live queue's counts (held + reported), once the queue is joined. */
function ModerationLink() {
  const counts = useStore(queueCounts);
  const total = counts ? counts.pending + counts.reported : 0;
  const label = counts ? `Moderation: ${counts.pending} held, ${counts.reported} reported` : 'Moderation';
  return (
    <a href="/moderation" aria-label={label} title={counts ? label : undefined}>
      Moderation
      {counts && (
        <span class={total ? 'queue-count' : 'queue-count empty'} aria-hidden="true">
          {counts.pending}+{counts.reported}
        </span>
      )}
    </a>
  );
}
