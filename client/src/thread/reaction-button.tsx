// A comment's reaction count, as a toggle for signed-in readers who may react (not to their own comment,
// not to a hidden one) and as plain text for everyone else.
import { useState } from 'preact/hooks';
import type { PublicUser } from '../../../shared/types';
import { describeError } from '../lib/api';
import type { ShownComment } from './tree';
import type { ReactionsView } from './use-reactions';

interface Props {
  comment: ShownComment;
  user: PublicUser | null;
  reactions: ReactionsView;
  setNotice(text: string): void;
}

export function ReactionButton({ comment, user, reactions, setNotice }: Props) {
  const [busy, setBusy] = useState(false);
  const count = reactions.countOf(comment);
  const canReact = user && comment.author.id !== user.id && comment.status === 'visible' && !comment.pending;
  if (!canReact) {
    return count > 0 ? <span class="reactions">{`${reactions.label} · ${count}`}</span> : null;
  }
  const pressed = reactions.reactedOf(comment);
  return (
    <button
      type="button"
      class="reaction"
      aria-pressed={pressed}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        reactions
          .toggle(comment)
          .then(
            () => setNotice(''),
            (err: unknown) => setNotice(describeError(err)),
          )
          .finally(() => setBusy(false));
      }}
    >
      {reactions.label} <span class="reaction-count">{count}</span>
    </button>
  );
}
