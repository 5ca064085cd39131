/**
 * The orchestrator's side of a load process (load-readers.ts): one request at a time over IPC, each
 * answered by the reply with its id; a process that dies fails whatever is waiting.
 */
import type { ChildProcess } from 'node:child_process';
import { forkScript, stopChild } from './fork-script';
import type { Collected, LoadCommand, LoadReply, Target } from './protocol';

/** Omit over a union keeps each member's own fields. */
type Request = LoadCommand extends infer C ? (C extends LoadCommand ? Omit<C, 'id'> : never) : never;

export interface LoadProcess {
  /** Connects `count` readers and joins them to the article; `onProgress` hears the running total. */
  connect(
    target: Target,
    url: string,
    articleId: string,
    count: number,
    onProgress?: (connected: number) => void,
    batch?: boolean,
    browser?: boolean,
  ): Promise<number>;
  collect(keys: { key: string; sentAt?: number }[], waitMs: number): Promise<Collected & { disconnected: number }>;
  disconnect(): Promise<void>;
  stop(): Promise<void>;
  pid: number;
}

export function startLoadProcess(): LoadProcess {
  const child: ChildProcess = forkScript('load-readers.ts');
  let nextId = 0;
  const waiting = new Map<number, { resolve(reply: LoadReply): void; reject(err: Error): void }>();
  let onProgress: ((connected: number) => void) | undefined;

  child.on('message', (reply: LoadReply) => {
    if (reply.type === 'progress') return onProgress?.(reply.connected);
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.type === 'failed') w?.reject(new Error(`load process: ${reply.message}`));
    else w?.resolve(reply);
  });
  child.on('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`load process exited (${code ?? signal})`));
    waiting.clear();
  });

  const ask = (cmd: Request): Promise<LoadReply> =>
    new Promise((resolve, reject) => {
      const id = (nextId += 1);
      waiting.set(id, { resolve, reject });
      // A process already gone (Ctrl-C stops it beside this request) fails the request, not the bench.
      child.send({ ...cmd, id } as LoadCommand, (err: Error | null) => {
        if (!err) return;
        waiting.delete(id);
        reject(err);
      });
    });

  return {
    pid: child.pid!,
    async connect(target, url, articleId, count, progress, batch = false, browser = false) {
      onProgress = progress;
      const reply = await ask({ type: 'connect', target, url, articleId, count, batch, browser });
      onProgress = undefined;
      return reply.type === 'connected' ? reply.connected : 0;
    },
    async collect(keys, waitMs) {
      const reply = await ask({ type: 'collect', keys, waitMs });
      if (reply.type !== 'collected') throw new Error(`unexpected reply ${reply.type}`);
      return { ...reply.result, disconnected: reply.disconnected };
    },
    async disconnect() {
      await ask({ type: 'disconnect' });
    },
    stop: () => stopChild(child),
  };
}
