// The form to write a comment (top level, a reply, or one quoting another). The draft is kept in
// sessionStorage, so signing in, reloading or a failed post never loses it. Ctrl/Cmd+Enter posts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { codePointLength, COMMENT_BODY_MAX } from '../../../shared/text';
import type { PublicComment, PublicUser } from '../../../shared/types';
import { describeError } from '../lib/api';
import { socket } from '../lib/socket';
import type { NewComment } from './use-thread';
import { keepDraft, readDraft } from '../lib/drafts';

interface Props {
  articleId: string;
  user: PublicUser | null;
  locked: boolean;
  post(input: NewComment): Promise<void>;
  parent?: PublicComment;
  quote?: PublicComment | null;
  onQuoteClear?(): void;
  onDone?(): void;
  autoFocus?: boolean;
  /** Lets the thread put the cursor here (after Quote). */
  textareaRef?: { current: HTMLTextAreaElement | null };
}

const TYPING_EVERY_MS = 2000;

export function Composer(props: Props) {
  const { articleId, user, parent } = props;
  const key = `draft:${articleId}:${parent?.id ?? 'top'}`;
  const [body, setBody] = useState(() => readDraft(key));
  const [error, setError] = useState('');
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const lastTyping = useRef(0);
  const textareaRef = props.textareaRef ?? ownRef;
  const id = `compose-${parent?.id ?? 'top'}`;

  useEffect(() => {
    if (props.autoFocus) textareaRef.current?.focus();
  }, []);

  const change = (value: string) => {
    setBody(value);
    keepDraft(key, value);
    if (user && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      socket.emit('typing', { articleId });
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = body.trim();
    if (!user) return setError('Sign in or register to post; what you wrote stays here.');
    if (!text) return setError('Write something first.');
    if (codePointLength(text) > COMMENT_BODY_MAX)
      return setError(`A comment can be at most ${COMMENT_BODY_MAX.toLocaleString()} characters.`);
    setError('');
    change('');
    const quoteId = props.quote?.id;
    props.onQuoteClear?.();
    try {
      await props.post({ body: text, parentId: parent?.id ?? null, quoteId: quoteId ?? null });
      props.onDone?.();
    } catch (err) {
      // Give the text back (unless the reader has started a new one) beside the server's reason.
      setBody((current) => {
        const restored = current || text;
        keepDraft(key, restored);
        return restored;
      });
      setError(describeError(err));
    }
  };

  const keyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
    }
  };

  const label = parent ? (
    <>
      Reply to <bdi>{parent.author.displayName}</bdi>
    </>
  ) : (
    'Your comment'
  );
  return (
    <form class={parent ? 'composer composer-reply' : 'composer'} onSubmit={submit} aria-describedby={`${id}-hint`}>
      <label for={id}>{label}</label>
      {props.quote && (
        <p class="quoting">
          Quoting{' '}
          <strong>
            <bdi>{props.quote.author.displayName}</bdi>
          </strong>{' '}
          <button type="button" class="link" onClick={props.onQuoteClear}>
            Remove quote
          </button>
        </p>
      )}
      <textarea
        id={id}
        ref={textareaRef}
        rows={parent ? 3 : 4}
        value={body}
        onInput={(e) => change(e.currentTarget.value)}
        onKeyDown={keyDown}
        disabled={props.locked}
        placeholder={props.locked ? 'This thread is locked.' : 'Join the discussion…'}
      />
      <div class="composer-row">
        <p class="hint" id={`${id}-hint`}>
          Markdown: *italic*, **bold**, `code`, [link](url), &gt; quote · Ctrl/⌘+Enter posts
        </p>
        <div class="composer-buttons">
          {props.onDone && (
            <button type="button" class="secondary" onClick={props.onDone}>
              Cancel
            </button>
          )}
          <button type="submit" disabled={props.locked}>
            {parent ? 'Post reply' : 'Post comment'}
          </button>
        </div>
      </div>
      <p class="form-error" role="alert">
        {error}
      </p>
    </form>
  );
}
