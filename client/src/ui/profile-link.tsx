// A person's name linking to their profile page. Inside an embedded thread the profile opens in a new
// tab: the frame is sized for the thread, not for a page of the discussion site.
import type { ComponentChildren } from 'preact';
import { bearerEnabled } from '../lib/bearer';

export const profileHref = (username: string) => `/users/${encodeURIComponent(username)}`;

export function ProfileLink({ username, children }: { username: string; children: ComponentChildren }) {
  const framed = bearerEnabled();
  return (
    <a class="profile-link" href={profileHref(username)} {...(framed ? { target: '_blank', rel: 'noopener' } : {})}>
      {children}
    </a>
  );
}
