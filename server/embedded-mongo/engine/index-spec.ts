import type { Doc } from './values';

/** An index as `createIndexes` takes it and `listIndexes` answers it. */
export interface IndexSpec {
  v: 2;
  key: Record<string, 1 | -1 | 'text' | '2dsphere' | 'hashed' | number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  /** Only `{ locale, strength: 1 | 2 | 3 }` is honoured; see docs/embedded-mongo.md. */
  collation?: Doc;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };
