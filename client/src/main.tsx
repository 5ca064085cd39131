// The entry: styles, routing, the session, the live connection, then the first render.
import { render } from 'preact';
import { App } from './app';
import { startRouter } from './lib/router';
import { loadSession, sessionEnded } from './lib/session';
import { startSocket } from './lib/socket';
import { startLiveQueue } from './moderation/live-queue';
import './styles.css';

startRouter();
// Ask who is signed in before connecting, so the first handshake already carries the identity's cookie.
void loadSession().finally(() => {
  startSocket(sessionEnded);
  startLiveQueue();
});
render(<App />, document.getElementById('app')!);
