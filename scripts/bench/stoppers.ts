/** What has been started so far, stopped newest first; safe to run twice (a Ctrl-C during a stop). */
export class Stoppers {
  private list: (() => Promise<unknown>)[] = [];

  add(stop: () => Promise<unknown>): void {
    this.list.push(stop);
  }

  async run(): Promise<void> {
    const list = this.list.reverse();
    this.list = [];
    for (const stop of list) await stop().catch(() => undefined);
  }
}
