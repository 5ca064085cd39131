// The framed thread (/embed/thread): the same thread, composer, sign-in and moderation as /articles/:slug,
// without the site's header; its session is a Bearer token in the frame's own storage.
import { render } from 'preact';
import { useBearerSession } from '../lib/bearer';
import { loadSession, session, sessionEnded, signOut } from '../lib/session';
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
  // SSO: POST /api/auth/sso belongs to the SSO part of v2; without it the token is not used here.
});
socket.on('article:event', (event) => {
  if (event.type === 'comment.created' && event.comment && event.comment.author.id === session.get().user?.id) {
    tellHost({ type: 'comment-posted', articleId: event.articleId, commentId: event.comment.id });
  }
});
render(<FrameApp />, document.getElementById('app')!);
reportHeight();
