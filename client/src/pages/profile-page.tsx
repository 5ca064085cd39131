// `/users/:username`: who the person is and what they wrote lately, each comment linking to its thread.
import { useEffect, useState } from 'preact/hooks';
import type { PublicComment, UserRef } from '../../../shared/types';
import { api, describeError, query } from '../lib/api';
import { setTitle } from '../lib/site';
import { threadHref } from '../lib/thread-href';
import { absoluteTime, relativeTime, useNow } from '../lib/time';
import { NameAndHandle } from '../ui/user-name';

interface Profile extends UserRef {
  createdAt: string;
  commentCount: number;
}
type ProfileComment = PublicComment & { article: { id: string; slug: string; title: string; url: string | null } };
interface CommentPage {
  items: ProfileComment[];
  nextCursor: string | null;
}

export function ProfilePage({ username }: { username: string }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [comments, setComments] = useState<ProfileComment[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const now = useNow();
  const showError = (err: unknown) => setError(describeError(err));

  const loadComments = (userId: string, cursor?: string) =>
    api<CommentPage>('GET', `/api/users/${userId}/comments${query({ limit: 20, cursor })}`).then((page) => {
      setComments((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
    });

  useEffect(() => {
    setTitle(`@${username}`);
    api<{ user: Profile }>('GET', `/api/users/by-name/${encodeURIComponent(username)}`)
      .then(({ user }) => {
        setProfile(user);
        setTitle(user.displayName);
        return loadComments(user.id);
      })
      .catch(showError);
  }, [username]);

  if (error) {
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  }
  if (!profile) return <p class="muted">Loading…</p>;
  const count = profile.commentCount === 1 ? '1 comment' : `${profile.commentCount} comments`;
  return (
    <section aria-labelledby="profile-title" class="profile">
      <h1 id="profile-title">
        <NameAndHandle user={profile} />
      </h1>
      <p class="meta">
        Joined <time dateTime={profile.createdAt}>{absoluteTime(profile.createdAt)}</time> ·{' '}
        <span class="count">{count}</span>
      </p>
      <h2>Recent comments</h2>
      {comments.length === 0 && <p class="muted">No comments yet.</p>}
      <ol class="article-list profile-comments">
        {comments.map((c) => (
          <li key={c.id}>
            <p class="meta">
              On <a href={threadHref(c)}>{c.article.title}</a> ·{' '}
              <time dateTime={c.createdAt} title={absoluteTime(c.createdAt)}>
                {relativeTime(c.createdAt, now)}
              </time>
            </p>
            {/* The server's safe rendering (see server/comments/render.ts), as in the thread. */}
            <div class="body rendered" dangerouslySetInnerHTML={{ __html: c.html }} />
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" class="secondary" onClick={() => void loadComments(profile.id, next).catch(showError)}>
          More comments
        </button>
      )}
    </section>
  );
}
