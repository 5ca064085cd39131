/** The instance's publisher: what the app context publishes reaches the live layer attached to it, and only then. */
import type { StoredEvent } from '../../server/events/event-log';
import { createEventBus, type Publisher } from '../../server/events/publisher';
import type { Notification } from '../../shared/types';

function recorder(): Publisher & { heard: string[] } {
  const heard: string[] = [];
  return {
    heard,
    event: (event) => heard.push(`event ${event.seq}`),
    reactions: (change) => heard.push(`reactions ${change.commentId}`),
    sessionsRevoked: (info) => heard.push(`revoked ${info.userId} ${info.reason}`),
    moderation: () => heard.push('moderation'),
    notification: (news) => heard.push(`notification ${news.userId} ${news.unread}`),
  };
}

const stored = (seq: number) => ({ seq }) as unknown as StoredEvent;

describe('createEventBus', () => {
  it('sends nothing anywhere before a listener attaches, and never throws for want of one', () => {
    const bus = createEventBus();
    expect(() => bus.event(stored(1))).not.toThrow();
    const live = recorder();
    bus.attach(live);
    expect(live.heard).toEqual([]);
  });

  it('passes each kind on to the attached listener, and nothing once it detached (a closed live layer)', () => {
    const bus = createEventBus();
    const live = recorder();
    const detach = bus.attach(live);
    bus.event(stored(7));
    bus.reactions({ articleId: 'a', commentId: 'c' });
    bus.sessionsRevoked({ userId: 'u', sessionIds: ['s'], reason: 'logout' });
    bus.notification({ userId: 'u', notification: {} as Notification, unread: 2 });
    detach();
    bus.event(stored(8));
    expect(live.heard).toEqual(['event 7', 'reactions c', 'revoked u logout', 'notification u 2']);
  });

  it('an earlier listener detaching leaves a later one attached', () => {
    const bus = createEventBus();
    const first = recorder();
    const second = recorder();
    const detachFirst = bus.attach(first);
    bus.attach(second);
    detachFirst();
    bus.event(stored(3));
    expect(first.heard).toEqual([]);
    expect(second.heard).toEqual(['event 3']);
  });
});
