// The discussion under an article: counts, readers, typing, the sort switch, the comments (live), the
// "N new comments" button for those held above the viewport, and the form to write (or to sign in).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PublicArticle, PublicComment, PublicUser } from '../../../shared/types';
import { describeError } from '../lib/api';
import { navigate } from '../lib/router';
import { isModerator } from '../lib/session';
import { useNow } from '../lib/time';
import { ArticlePremodSelect } from '../moderation/article-premod';
import { AuthPanel } from '../ui/auth-panel';
import { MoreButton } from '../ui/more-button';
import { CommentItem, type ThreadContext } from './comment-item';
import { Composer } from './composer';
import { commentActions } from './moderation-api';
import type { Sort } from './tree';
import { useReactions } from './use-reactions';
import { useThread } from './use-thread';
import { commentDomId, THREAD_LIST_ID } from './viewport';

interface Props {
  article: PublicArticle;
  user: PublicUser | null;
  around?: string;
}

export function ThreadSection({ article, user, around }: Props) {
  const [sort, setSort] = useState<Sort>('oldest');
  const [quoting, setQuoting] = useState<PublicComment | null>(null);
  const [highlight, setHighlight] = useState<string | undefined>(around);
  const [notice, setNotice] = useState('');
  const thread = useThread(article, sort, around, user);
  const reactions = useReactions(article.id, user?.id);
  const now = useNow();
  const composerRef = useRef<HTMLTextAreaElement | null>(null);

  const focusComment = (id: string) => {
    const element = document.getElementById(commentDomId(id));
    if (!element) return false;
    setHighlight(id);
    element.scrollIntoView({ block: 'center' });
    element.querySelector('article')?.focus({ preventScroll: true });
    return true;
  };

  // A ?around= link: once its page is loaded, bring the comment into view and mark it.
  useEffect(() => {
    setHighlight(around);
    if (around && thread.status === 'ready') requestAnimationFrame(() => focusComment(around));
  }, [around, thread.status]);

  const ctx: ThreadContext = {
    articleId: article.id,
    slug: article.slug,
    user,
    locked: thread.locked,
    now,
    highlight,
    reactions,
    post: thread.post,
    quote(comment) {
      setQuoting(comment);
      composerRef.current?.scrollIntoView({ block: 'center' });
      composerRef.current?.focus({ preventScroll: true });
    },
    openComment(id) {
      // On the page: go there; elsewhere in the thread: load the page that holds it.
      if (!focusComment(id)) navigate(`/articles/${encodeURIComponent(article.slug)}?around=${id}`);
    },
  };

  const typing = (thread.presence?.typing ?? []).filter((u) => u.id !== user?.id);
  const readers = thread.presence?.readers;
  const count = thread.commentCount;

  return (
    <section class="thread" aria-labelledby="thread-title">
      <div class="thread-head">
        <h2 id="thread-title">{count === 1 ? '1 comment' : `${count} comments`}</h2>
        {readers !== undefined && (
          <span class="readers">{readers === 1 ? '1 reader here' : `${readers} readers here`}</span>
        )}
        <label class="sort">
          Sort{' '}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
            <option value="top">Top</option>
            <option value="replies">Most replies</option>
          </select>
        </label>
        {isModerator(user) && <ArticlePremodSelect article={article} />}
        {isModerator(user) && (
          <button
            type="button"
            class="secondary"
            onClick={() =>
              commentActions.lock(article.id, !thread.locked).catch((err: unknown) => setNotice(describeError(err)))
            }
          >
            {thread.locked ? 'Unlock thread' : 'Lock thread'}
          </button>
        )}
      </div>
      {thread.locked && <p class="locked-note">This thread is locked: no new comments.</p>}
      {notice && (
        <p class="form-error" role="alert">
          {notice}
        </p>
      )}
      <div class="sr-only" aria-live="polite" aria-atomic="true">
        {thread.announcement}
      </div>
      {thread.held > 0 && (
        <button
          type="button"
          class="new-comments"
          onClick={() => {
            const first = thread.revealHeld();
            if (first) requestAnimationFrame(() => focusComment(first));
          }}
        >
          {thread.held === 1 ? '1 new comment' : `${thread.held} new comments`} — show
        </button>
      )}
      {thread.status === 'loading' && <p class="muted">Loading the comments…</p>}
      {thread.status === 'error' && (
        <p class="form-error" role="alert">
          The comments could not be loaded ({thread.error}); trying again…
        </p>
      )}
      {thread.hasPrev && <MoreButton label="Show earlier comments" load={thread.loadPrev} />}
      <ol id={THREAD_LIST_ID} class="comments" aria-label="Comments">
        {thread.tree.map((node) => (
          <CommentItem key={node.comment.id} node={node} depth={0} ctx={ctx} />
        ))}
      </ol>
      {thread.status === 'ready' && thread.tree.length === 0 && (
        <p class="muted">No comments yet. Be the first to write one.</p>
      )}
      {thread.hasNext && <MoreButton label="Show more comments" load={thread.loadNext} />}
      <p class="typing" aria-live="off">
        {typing.length === 1 ? (
          <>
            <bdi>{typing[0]!.displayName}</bdi> is typing…
          </>
        ) : typing.length > 1 ? (
          `${typing.length} people are typing…`
        ) : (
          ''
        )}
      </p>
      <Composer
        articleId={article.id}
        user={user}
        locked={thread.locked}
        post={thread.post}
        quote={quoting}
        onQuoteClear={() => setQuoting(null)}
        textareaRef={composerRef}
      />
      {!user && (
        <AuthPanel
          idPrefix="thread-auth"
          intro="Sign in or register to join the discussion; what you wrote stays in the box."
        />
      )}
    </section>
  );
}
