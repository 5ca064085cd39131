// What a reader may do with one comment: the buttons their role and the comment's state allow, and the
// panel each opens (reply, edit, report, remove, ban, confirm deletion).
import type { ComponentChildren } from 'preact';
import type { PublicComment } from '../../../shared/types';
import { isModerator } from '../lib/session';
import { ReasonForm } from '../ui/reason-form';
import type { ThreadContext } from './comment-item';
import { Composer } from './composer';
import { EditForm } from './edit-form';
import { commentActions, EDIT_WINDOW_MS } from './moderation-api';
import { commentDomId } from './viewport';

export type Panel = 'reply' | 'edit' | 'report' | 'remove' | 'ban' | 'delete' | null;

interface ActionProps {
  comment: PublicComment;
  ctx: ThreadContext;
  panel: Panel;
  setPanel(panel: Panel): void;
  setNotice: SetNotice;
}

export function Actions({ comment, ctx, panel, setPanel, setNotice }: ActionProps) {
  const { user } = ctx;
  if (!user) return null;
  const mine = comment.author.id === user.id;
  const visible = comment.status === 'visible';
  const moderator = isModerator(user);
  const editable =
    visible && (moderator || (mine && !ctx.locked && ctx.now - new Date(comment.createdAt).getTime() < EDIT_WINDOW_MS));
  const toggle = (which: Panel) => setPanel(panel === which ? null : which);
  const who = comment.author.displayName;
  const run = (action: () => Promise<unknown>) =>
    action().catch((err: unknown) => setNotice(err instanceof Error ? err.message : 'That did not work.'));
  return (
    <div class="actions" role="group" aria-label={`Actions for the comment by ${who}`}>
      {visible && !ctx.locked && (
        <>
          <button type="button" class="link" aria-expanded={panel === 'reply'} onClick={() => toggle('reply')}>
            Reply
          </button>
          <button type="button" class="link" onClick={() => ctx.quote(comment)}>
            Quote
          </button>
        </>
      )}
      {visible && !mine && (
        <button type="button" class="link" aria-expanded={panel === 'report'} onClick={() => toggle('report')}>
          Report
        </button>
      )}
      {editable && (
        <button type="button" class="link" aria-expanded={panel === 'edit'} onClick={() => toggle('edit')}>
          Edit
        </button>
      )}
      {visible && mine && (
        <button type="button" class="link" aria-expanded={panel === 'delete'} onClick={() => toggle('delete')}>
          Delete
        </button>
      )}
      {moderator && visible && (
        <button type="button" class="link danger" aria-expanded={panel === 'remove'} onClick={() => toggle('remove')}>
          Remove
        </button>
      )}
      {moderator && comment.status === 'removed' && (
        <button type="button" class="link" onClick={() => void run(() => commentActions.restore(comment.id))}>
          Restore
        </button>
      )}
      {moderator && !mine && (
        <button type="button" class="link danger" aria-expanded={panel === 'ban'} onClick={() => toggle('ban')}>
          Ban
        </button>
      )}
    </div>
  );
}

/** A notice may name someone, in a <bdi>. */
type SetNotice = (text: ComponentChildren) => void;

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
