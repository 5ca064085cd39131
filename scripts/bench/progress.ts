/**
 * The progress line on stderr: rewritten in place on a terminal; elsewhere (CI, a test's pipe) a line
 * when the phase changes and at most one every few seconds, so logs stay readable.
 */
const PIPE_INTERVAL_MS = 5000;

export interface Progress {
  /** The current phase and what it is doing now. */
  update(phase: string, detail?: string): void;
  /** A line that stays (a finished step). */
  log(line: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastPhase = '';
  let lastWrite = 0;
  let shown = false;
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  return {
    update(phase, detail = '') {
      const line = `[bench ${elapsed()}] ${phase}${detail ? `: ${detail}` : ''}`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${line.slice(0, (stream.columns || 120) - 1)}`);
        shown = true;
      } else if (phase !== lastPhase || Date.now() - lastWrite > PIPE_INTERVAL_MS) {
        stream.write(`${line}\n`);
        lastWrite = Date.now();
      }
      lastPhase = phase;
    },
    log(line) {
      stream.write(`${stream.isTTY && shown ? '\r\x1b[K' : ''}[bench ${elapsed()}] ${line}\n`);
      shown = false;
    },
    done() {
      if (stream.isTTY && shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
