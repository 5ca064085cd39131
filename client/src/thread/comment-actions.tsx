// What a reader may do with one comment: the buttons their role and the comment's state allow (each opens
// its panel, comment-panels.tsx).
import type { PublicComment } from '../../../shared/types';
import { isModerator } from '../lib/session';
import type { ThreadContext } from './comment-item';
import type { Panel, SetNotice } from './comment-panels';
import { commentActions, EDIT_WINDOW_MS } from './moderation-api';

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
        <button type="button" class="link" aria-expanded={panel === 'history'} onClick={() => toggle('history')}>
          History
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
