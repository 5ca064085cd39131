// Names on the pages sit in <bdi>: an Arabic or Hebrew display name, or one ending in digits or
// punctuation, then cannot reorder the "@username", the time or the words printed beside it
// (docs/security.md, "Names on the pages"). Usernames are ASCII, but isolating them costs nothing.
import type { UserRef } from '../../../shared/types';

/** "Display Name @username", the way the contract asks pages to show a person. */
export function NameAndHandle({ user, nameClass }: { user: Omit<UserRef, 'id'>; nameClass?: string }) {
  return (
    <>
      <strong class={nameClass}>
        <bdi>{user.displayName}</bdi>
      </strong>{' '}
      <span class="handle">
        @<bdi>{user.username}</bdi>
      </span>
    </>
  );
}
