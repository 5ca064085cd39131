import type { Plan } from './options';
import type { Progress } from './progress';
import type { Target } from './protocol';
import type { Stack } from './stack';
import type { StoreOps } from './store-ops';
import type { Stoppers } from './stoppers';

/** What every scenario works with. */
export interface BenchContext {
  plan: Plan;
  stack: Stack;
  progress: Progress;
  stoppers: Stoppers;
  /** The admin's token (moderation, articles) and a member's (posting) on the app. */
  adminToken: string;
  posterToken: string;
  storeOps: StoreOps;
  /** A fresh article per scenario on the app; the baseline takes any room name. */
  newArticle(target: Target, title: string): Promise<string>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
