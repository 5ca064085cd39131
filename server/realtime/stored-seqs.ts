import { Types } from 'mongoose';
import type { EventLog } from '../events/event-log';
import type { PresenceTracker } from './presence';
import { articlesReadHere } from './rooms';
import type { RealtimeServer } from './types';

/** Reads at a time (one indexed query each) when the instance's readers have joined many articles. */
const READS_AT_ONCE = 16;

/**
 * Tells this instance's readers each joined article's stored lastSeq, through presence. Called when the
 * adapter's subscriptions are back after a Redis restart: events published on other instances meanwhile
 * (all of the outage, and the moment before this instance subscribed again) never reached its readers, and
 * a thread that then goes quiet would show them no gap. Read from the event log itself, which every instance
 * writes before it publishes, rather than from the other instances' reports through Redis, which come a few
 * seconds later.
 */
export async function announceStoredSeqs(deps: {
  io: RealtimeServer;
  eventLog: Pick<EventLog, 'lastSeq'>;
  presence: Pick<PresenceTracker, 'storedSeq'>;
}): Promise<void> {
  const { io, eventLog, presence } = deps;
  const articleIds = [...articlesReadHere(io).keys()];
  for (let i = 0; i < articleIds.length; i += READS_AT_ONCE) {
    await Promise.all(
      articleIds.slice(i, i + READS_AT_ONCE).map(async (articleId) => {
        presence.storedSeq(articleId, await eventLog.lastSeq(new Types.ObjectId(articleId)));
      }),
    );
  }
}
