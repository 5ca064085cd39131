// Comments being sent: shown at once as pending, sent with a clientId so that retries across dropped
// connections never double them (poster.ts), and still shown as pending after the server's answer until
// their own event reaches the thread, so a comment never blinks out between the two. A comment held for
// review (the answer's status is `pending`) has no event until a moderator approves it: it stays shown,
// marked as awaiting review, until that event brings it; a later load has it from the server's `held`.
import { useState } from 'preact/hooks';
import type { PublicComment, PublicUser } from '../../../shared/types';
import { socket } from '../lib/socket';
import { isHeld } from '../moderation/types';
import type { Announcer } from './announcer';
import { newClientId, postComment } from './poster';
import type { ShownComment } from './tree';

export interface NewComment {
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
}

export interface Pending {
  clientId: string;
  body: string;
  parentId: string | null;
  quoteId: string | null;
  waiting: boolean;
  /** The server's id once it answered; shown as pending until its event reaches the thread. */
  confirmedId?: string;
  /** The server's answer when it holds the comment for review. */
  held?: PublicComment;
}

export interface PendingPosts {
  list: Pending[];
  /** Resolves once the server has the comment; rejects with the server's refusal, the draft then kept. */
  post(input: NewComment): Promise<void>;
}

/** The event normally arrives with (or before) the answer; after this long without it, the log is asked. */
const EVENT_GRACE_MS = 3000;

export function usePendingPosts(articleId: string, announcer: Announcer, repair: () => void): PendingPosts {
  const [list, setList] = useState<Pending[]>([]);

  const post = async (input: NewComment) => {
    const item: Pending = {
      clientId: newClientId(),
      body: input.body,
      parentId: input.parentId ?? null,
      quoteId: input.quoteId ?? null,
      waiting: false,
    };
    const update = (change: Partial<Pending>) =>
      setList((old) => old.map((p) => (p.clientId === item.clientId ? { ...p, ...change } : p)));
    setList((old) => [...old, item]);
    try {
      const payload = {
        articleId,
        body: item.body,
        clientId: item.clientId,
        ...(item.parentId ? { parentId: item.parentId } : {}),
        ...(item.quoteId ? { quoteId: item.quoteId } : {}),
      };
      const comment = await postComment(socket, payload, (waiting) => update({ waiting }));
      if (isHeld(comment)) {
        update({ confirmedId: comment.id, held: comment });
        announcer.say('Your comment awaits review by a moderator.');
        return;
      }
      update({ confirmedId: comment.id });
      announcer.say('Your comment was posted.');
      setTimeout(repair, EVENT_GRACE_MS);
    } catch (err) {
      setList((old) => old.filter((p) => p.clientId !== item.clientId));
      throw err;
    }
  };

  return { list, post };
}

/**
 * The posts whose event has not reached the thread yet, as comments by `me` marked pending; `shown` are the
 * ids on the page already (the thread's, and the held ones read from the server).
 */
export function unarrived(
  list: Pending[],
  shown: ReadonlySet<string>,
  known: Map<string, PublicComment>,
  me: PublicUser | null,
): ShownComment[] {
  return list
    .filter((p) => !(p.confirmedId && shown.has(p.confirmedId)))
    .map((p) => (p.held ? { ...p.held, seq: Number.MAX_SAFE_INTEGER } : pendingComment(p, me, known)));
}

function pendingComment(p: Pending, me: PublicUser | null, known: Map<string, PublicComment>): ShownComment {
  const quoted = p.quoteId ? known.get(p.quoteId) : undefined;
  const author = me
    ? { id: me.id, username: me.username, displayName: me.displayName }
    : { id: '', username: '', displayName: '' };
  return {
    id: `pending-${p.clientId}`,
    articleId: '',
    seq: Number.MAX_SAFE_INTEGER,
    parentId: p.parentId,
    quote: quoted ? { commentId: quoted.id, author: quoted.author, excerpt: quoted.body.slice(0, 300) } : null,
    author,
    body: p.body,
    html: '',
    status: 'visible',
    createdAt: new Date().toISOString(),
    editedAt: null,
    editedBy: null,
    reactions: 0,
    replyCount: 0,
    pending: p.waiting ? 'waiting' : 'sending',
  };
}
