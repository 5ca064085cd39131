// Who is signed in. The session itself is the `sid` cookie the server sets on sign-in (same origin), so
// fetch and the Socket.IO handshake both carry it; a change of identity reconnects the socket. In the
// framed thread a Bearer token kept by bearer.ts stands in for the cookie.
import type { PublicUser } from '../../../shared/types';
import { api, ApiError } from './api';
import { bearerEnabled, bearerToken, keepToken } from './bearer';
import { reconnectSocket } from './socket';
import { createStore } from './store';

export const session = createStore<{ user: PublicUser | null; ready: boolean }>({ user: null, ready: false });

export function isModerator(user: PublicUser | null): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}

export async function loadSession(): Promise<void> {
  if (bearerEnabled() && !bearerToken()) return session.set({ user: null, ready: true });
  try {
    const { user } = await api<{ user: PublicUser }>('GET', '/api/auth/me');
    session.set({ user, ready: true });
  } catch (err) {
    // 401 is simply "not signed in"; anything else also leaves the reader anonymous, who can still read.
    if (!(err instanceof ApiError) || err.code !== 'unauthenticated') console.warn('Could not load the session', err);
    else keepToken(null);
    session.set({ user: null, ready: true });
  }
}

function signedIn({ user, token }: { user: PublicUser; token: string }): void {
  keepToken(token);
  session.set({ user, ready: true });
  reconnectSocket();
}

export async function signIn(username: string, password: string): Promise<void> {
  signedIn(await api<{ user: PublicUser; token: string }>('POST', '/api/auth/login', { username, password }));
}

export async function register(username: string, password: string, displayName?: string): Promise<void> {
  const body = { username, password, ...(displayName ? { displayName } : {}) };
  signedIn(await api<{ user: PublicUser; token: string }>('POST', '/api/auth/register', body));
}

/** SSO (contract v2): the host's signed token, handed to the frame by the loader, becomes a session. */
export async function signInWithSso(token: string): Promise<void> {
  signedIn(await api<{ user: PublicUser; token: string }>('POST', '/api/auth/sso', { token }));
}

export async function signOut(): Promise<void> {
  await api('POST', '/api/auth/logout').catch((err: unknown) => {
    // An already ended session is signed out all the same.
    if (!(err instanceof ApiError) || err.code !== 'unauthenticated') throw err;
  });
  keepToken(null);
  session.set({ user: null, ready: true });
  reconnectSocket();
}

/** The server ended this session (logout elsewhere, ban): the page carries on as an anonymous reader. */
export function sessionEnded(): void {
  keepToken(null);
  session.set({ user: null, ready: true });
}
