// One comment of the thread and its replies: author, time, edited mark, quote, the server's sanitized
// html (the only markup rendered as HTML); the buttons the reader may use are in comment-actions.tsx.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { PublicComment, PublicUser } from '../../../shared/types';
import { isModerator } from '../lib/session';
import { isHeld, isRejected } from '../moderation/types';
import { absoluteTime, relativeTime } from '../lib/time';
import { ProfileLink } from '../ui/profile-link';
import { NameAndHandle } from '../ui/user-name';
import { Actions } from './comment-actions';
import { type Panel, PanelFor } from './comment-panels';
import { ReactionButton } from './reaction-button';
import { MAX_INDENT, type ThreadNode } from './tree';
import type { ReactionsView } from './use-reactions';
import type { NewComment } from './use-thread';
import { commentDomId } from './viewport';

export interface ThreadContext {
  articleId: string;
  slug: string;
  user: PublicUser | null;
  locked: boolean;
  now: number;
  highlight?: string;
  reactions: ReactionsView;
  post(input: NewComment): Promise<void>;
  quote(comment: PublicComment): void;
  openComment(commentId: string): void;
}

export function CommentItem({ node, depth, ctx }: { node: ThreadNode; depth: number; ctx: ThreadContext }) {
  const { comment } = node;
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<ComponentChildren>('');
  const visible = comment.status === 'visible';
  const pending = comment.pending;
  const held = isHeld(comment);
  const classes = [
    'comment',
    pending ? 'is-pending' : '',
    held ? 'is-held' : '',
    ctx.highlight === comment.id ? 'is-highlighted' : '',
    visible || held ? '' : 'is-hidden',
  ];
  const headingId = `${commentDomId(comment.id)}-by`;
  const aroundHref = (id: string) => `/articles/${encodeURIComponent(ctx.slug)}?around=${id}`;

  return (
    <li id={commentDomId(comment.id)} class={classes.join(' ').trim()}>
      <article aria-labelledby={headingId} tabIndex={-1}>
        <header class="comment-head">
          <span id={headingId}>
            <ProfileLink username={comment.author.username}>
              <NameAndHandle user={comment.author} nameClass="name" />
            </ProfileLink>
          </span>
          {node.orphan && comment.parentId && (
            <a class="in-reply" href={aroundHref(comment.parentId)} onClick={(e) => follow(e, ctx, comment.parentId!)}>
              in reply
            </a>
          )}
          {held && <span class="status-note awaiting">Awaiting review</span>}
          {pending ? (
            <span class="status-note">{pending === 'waiting' ? 'Waiting for the connection…' : 'Sending…'}</span>
          ) : (
            <a class="permalink" href={aroundHref(comment.id)} onClick={(e) => follow(e, ctx, comment.id)}>
              <time dateTime={comment.createdAt} title={absoluteTime(comment.createdAt)}>
                {relativeTime(comment.createdAt, ctx.now)}
              </time>
            </a>
          )}
          {comment.editedAt && (
            <span
              class="edited"
              title={`Edited ${absoluteTime(comment.editedAt)}${comment.editedBy && comment.editedBy.id !== comment.author.id ? ' by a moderator' : ''}`}
            >
              (edited)
            </span>
          )}
        </header>
        {visible || held ? (
          <CommentBody comment={comment} ctx={ctx} aroundHref={aroundHref} />
        ) : (
          <Placeholder comment={comment} moderator={isModerator(ctx.user)} />
        )}
        <ReactionButton comment={comment} user={ctx.user} reactions={ctx.reactions} setNotice={setNotice} />
        {!pending && <Actions comment={comment} ctx={ctx} panel={panel} setPanel={setPanel} setNotice={setNotice} />}
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        {panel && (
          <PanelFor panel={panel} comment={comment} ctx={ctx} close={() => setPanel(null)} setNotice={setNotice} />
        )}
      </article>
      {node.children.length > 0 && (
        <ol
          class={depth < MAX_INDENT ? 'replies' : 'replies flat'}
          aria-label={`Replies to ${comment.author.displayName}`}
        >
          {node.children.map((child) => (
            <CommentItem key={child.comment.id} node={child} depth={depth + 1} ctx={ctx} />
          ))}
        </ol>
      )}
    </li>
  );
}

function follow(event: MouseEvent, ctx: ThreadContext, commentId: string) {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  ctx.openComment(commentId);
}

function CommentBody({
  comment,
  ctx,
  aroundHref,
}: {
  comment: PublicComment & { pending?: string };
  ctx: ThreadContext;
  aroundHref(id: string): string;
}) {
  const { quote } = comment;
  return (
    <>
      {quote && (
        <blockquote class="quote">
          <a href={aroundHref(quote.commentId)} onClick={(e) => follow(e, ctx, quote.commentId)}>
            <bdi>{quote.author.displayName}</bdi> wrote:
          </a>
          <p>{quote.excerpt || <em>The quoted comment is no longer visible.</em>}</p>
        </blockquote>
      )}
      {comment.pending ? (
        <p class="body plain">{comment.body}</p>
      ) : (
        <div class="body rendered" dangerouslySetInnerHTML={{ __html: comment.html }} />
      )}
    </>
  );
}

function Placeholder({ comment, moderator }: { comment: PublicComment; moderator: boolean }) {
  return (
    <>
      <p class="placeholder">
        {comment.status === 'removed'
          ? 'This comment was removed by a moderator.'
          : isRejected(comment)
            ? 'This comment was not approved by the moderators.'
            : 'This comment was deleted by its author.'}
      </p>
      {moderator && comment.html && (
        <div class="body rendered moderator-only" dangerouslySetInnerHTML={{ __html: comment.html }} />
      )}
    </>
  );
}
