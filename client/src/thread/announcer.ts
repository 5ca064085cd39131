// What the aria-live region says: new comments are counted for a moment and announced together, so a
// busy thread does not make a screen reader talk without pause.
const GATHER_MS = 1500;

export interface Announcer {
  add(newComments: number): void;
  say(text: string): void;
}

export function createAnnouncer(set: (text: string) => void): Announcer {
  let count = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const say = (text: string) => {
    // Cleared first, so that the same words said twice are announced twice.
    set('');
    setTimeout(() => set(text), 50);
  };
  return {
    add(n) {
      count += n;
      timer ??= setTimeout(() => {
        say(count === 1 ? '1 new comment' : `${count} new comments`);
        count = 0;
        timer = undefined;
      }, GATHER_MS);
    },
    say,
  };
}
