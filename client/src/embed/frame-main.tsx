// The framed thread (/embed/thread): the same thread, composer, sign-in and moderation as /articles/:slug,
// without the site's header; its session is a Bearer token in the frame's own storage.
import { render } from 'preact';
import type { PublicEvent } from '../../../shared/types';
import { useBearerSession } from '../lib/bearer';
import { loadSession, session, sessionEnded, signInWithSso, signOut } from '../lib/session';
import { socket, startSocket } from '../lib/socket';
import '../styles.css';
import './embed.css';
import { FrameApp, params } from './frame-app';
import { onHostMessage, reportHeight, tellHost } from './frame-messages';

useBearerSession();
document.documentElement.dataset.theme = params.theme;
void loadSession().finally(() => startSocket(sessionEnded));
onHostMessage((message) => {
  if (message.type === 'sign-out') void signOut();
  else void signInWithSso(message.token).catch((err: unknown) => console.warn('The SSO sign-in was refused', err));
});
// A host that signs its readers in (data-sso) is asked to when a reader who is not signed in tries to write.
document.addEventListener(
  'submit',
  (event) => {
    const form = event.target as Element | null;
    if (params.sso && !session.get().user && form?.querySelector('textarea')) tellHost({ type: 'signin-request' });
  },
  true,
);
// The thread joins batched (article:events); a socket joined without batch hears article:event.
const onEvent = (event: PublicEvent) => {
  // Every event carries the article's count: the host's count spans for this thread follow it live.
  tellHost({ type: 'count', commentCount: event.commentCount });
  if (event.type === 'comment.created' && event.comment && event.comment.author.id === session.get().user?.id) {
    tellHost({ type: 'comment-posted', articleId: event.articleId, commentId: event.comment.id });
  }
};
socket.on('article:event', onEvent);
socket.on('article:events', ({ events }) => events.forEach(onEvent));
render(<FrameApp />, document.getElementById('app')!);
reportHeight();
