// The forms that open under a comment: reply, edit, report, remove, ban, delete, and for moderators the
// author's history (suspend, hold their comments).
import type { ComponentChildren } from 'preact';
import type { PublicComment } from '../../../shared/types';
import { UserHistory } from '../moderation/user-history';
import { ReasonForm } from '../ui/reason-form';
import type { ThreadContext } from './comment-item';
import { Composer } from './composer';
import { EditForm } from './edit-form';
import { commentActions } from './moderation-api';
import { commentDomId } from './viewport';

export type Panel = 'reply' | 'edit' | 'report' | 'remove' | 'ban' | 'delete' | 'history' | null;

/** A notice may name someone, in a <bdi>. */
export type SetNotice = (text: ComponentChildren) => void;

interface PanelProps {
  panel: Exclude<Panel, null>;
  comment: PublicComment;
  ctx: ThreadContext;
  close(): void;
  setNotice: SetNotice;
}

export function PanelFor({ panel, comment, ctx, close, setNotice }: PanelProps) {
  const id = `${commentDomId(comment.id)}-${panel}`;
  const who = <bdi>{comment.author.displayName}</bdi>;
  switch (panel) {
    case 'reply':
      return (
        <Composer
          articleId={ctx.articleId}
          user={ctx.user}
          locked={ctx.locked}
          post={ctx.post}
          parent={comment}
          onDone={close}
          autoFocus
        />
      );
    case 'edit':
      return <EditForm comment={comment} onDone={close} />;
    case 'report':
      return (
        <ReasonForm
          id={id}
          label="Why should a moderator look at this comment?"
          submitLabel="Send report"
          required
          onSubmit={(reason) =>
            commentActions.report(comment.id, reason).then(() => setNotice('Thank you: a moderator will look at it.'))
          }
          onCancel={close}
        />
      );
    case 'remove':
      return (
        <ReasonForm
          id={id}
          label="Reason for removing (optional)"
          submitLabel="Remove comment"
          onSubmit={(reason) => commentActions.remove(comment.id, reason)}
          onCancel={close}
        />
      );
    case 'ban':
      return (
        <ReasonForm
          id={id}
          label={
            <>
              Reason for banning {who} (@{comment.author.username})
            </>
          }
          submitLabel={<>Ban {who}</>}
          required
          checkbox="Also remove all their comments"
          onSubmit={(reason, removeAll) =>
            commentActions.ban(comment.author.id, reason, removeAll).then(() => setNotice(<>{who} is banned.</>))
          }
          onCancel={close}
        />
      );
    case 'history':
      return <UserHistory user={comment.author} onClose={close} />;
    case 'delete':
      return (
        <div class="inline-form" role="group" aria-label="Confirm deletion">
          <p>Delete your comment? This cannot be undone.</p>
          <div class="composer-buttons">
            <button type="button" class="secondary" onClick={close}>
              Keep it
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => void commentActions.delete(comment.id).then(close, (err: Error) => setNotice(err.message))}
            >
              Delete
            </button>
          </div>
        </div>
      );
  }
}
