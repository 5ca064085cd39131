// The framed page's content: the host page's article (found or created from the loader's attributes),
// then its live thread.
import { useEffect, useState } from 'preact/hooks';
import { isObjectIdString } from '../../../shared/ids';
import type { PublicArticle } from '../../../shared/types';
import { api, describeError } from '../lib/api';
import { session, signOut } from '../lib/session';
import { NameAndHandle } from '../ui/user-name';
import { useStore } from '../lib/store';
import { ThreadSection } from '../thread/thread-section';
import { tellHost } from './frame-messages';

const search = new URLSearchParams(location.search);
const theme = search.get('theme');

/** What the loader put in the frame's URL (never a token: tokens travel by postMessage). */
export const params = {
  url: search.get('url') ?? '',
  externalId: search.get('id') ?? undefined,
  title: search.get('title') ?? '',
  theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
  /** The host signs its readers in (SSO): ask it to when a reader who is not signed in writes. */
  sso: search.get('sso') === '1',
  comment: isObjectIdString(search.get('comment') ?? '') ? search.get('comment')! : undefined,
};

export function FrameApp() {
  const [article, setArticle] = useState<PublicArticle | null>(null);
  const [error, setError] = useState('');
  const { user } = useStore(session);

  useEffect(() => {
    const { url, externalId, title } = params;
    const body = { url, title, ...(externalId ? { externalId } : {}) };
    api<{ article: PublicArticle }>('POST', '/api/embed/articles', body).then(
      ({ article }) => {
        setArticle(article);
        tellHost({ type: 'ready', articleId: article.id, commentCount: article.commentCount });
      },
      (err: unknown) => setError(describeError(err)),
    );
  }, []);

  if (error)
    return (
      <p class="form-error" role="alert">
        The discussion could not be opened: {error}
      </p>
    );
  if (!article) return <p class="muted">Loading the discussion…</p>;
  return (
    <>
      {user && (
        <p class="frame-account">
          Signed in as <NameAndHandle user={user} nameClass="name" />{' '}
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      )}
      <ThreadSection article={article} user={user} around={params.comment} />
    </>
  );
}
