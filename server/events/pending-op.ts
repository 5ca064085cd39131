import { type InferSchemaType, Schema, Types } from 'mongoose';
import type { EventType } from './event-model';

/**
 * A change whose event is not stored yet. Without transactions, a use-case first writes the change to
 * the comment or article *together with* this mark (one atomic single-document write), then stores the
 * event, then clears the mark. A process that dies in between leaves the mark, and the repair job
 * (repair.ts) stores the missing event later; the event's unique `opId` makes that safe to race.
 */
export const pendingOpSchema = new Schema(
  {
    id: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true },
    /** How the article's visible-comment count changes with this event. */
    countDelta: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);
/** Derived from the schema; its `type` narrowed from any string to an EventType. */
export type PendingOp = Omit<InferSchemaType<typeof pendingOpSchema>, 'type'> & { type: EventType };

export function newPendingOp(type: EventType, countDelta: number, at: Date): PendingOp {
  return { id: new Types.ObjectId(), type, countDelta, at };
}
