// The "N new comments" button: a comment that would land above the reader's viewport (or replies to one
// held) is held back, so the text being read does not jump, until the reader asks for them. Those shown
// at once, written by someone else, are counted for the screen reader's announcement.
import { useRef, useState } from 'preact/hooks';
import type { PublicComment, PublicUser } from '../../../shared/types';
import type { Announcer } from './announcer';
import type { Sort } from './tree';
import { isAboveViewport } from './viewport';

export interface HeldComments {
  ids: ReadonlySet<string>;
  /** Forgets what was held (the thread loads anew); answers where that load's live arrivals go. */
  restart(): (arrivals: PublicComment[]) => void;
  /** Shows them all; answers the earliest held, for the page to bring into view. */
  reveal(find: (id: string) => PublicComment | undefined): string | undefined;
}

export function useHeldComments(sort: Sort, me: PublicUser | null, announcer: Announcer): HeldComments {
  const [held, setHeld] = useState<Set<string>>(new Set());
  /** The held ids as the arrivals callback sees them (state would be stale in its closure). */
  const heldIds = useRef(new Set<string>());
  const meRef = useRef(me);
  meRef.current = me;

  return {
    ids: held,
    restart() {
      heldIds.current = new Set();
      setHeld(new Set());
      return (arrivals) => {
        let shown = 0;
        for (const comment of arrivals) {
          const mine = comment.author.id === meRef.current?.id;
          const parentHeld = comment.parentId !== null && heldIds.current.has(comment.parentId);
          if (!mine && (parentHeld || isAboveViewport(comment, sort))) heldIds.current.add(comment.id);
          else if (!mine) shown++;
        }
        if (shown) announcer.add(shown);
        setHeld(new Set(heldIds.current));
      };
    },
    reveal(find) {
      const first = [...held].map((id) => find(id)).sort((a, b) => (a?.seq ?? 0) - (b?.seq ?? 0))[0];
      heldIds.current = new Set();
      setHeld(new Set());
      return first?.id;
    },
  };
}
