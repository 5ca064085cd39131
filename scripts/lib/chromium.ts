/**
 * Debian's Chromium (/usr/bin/chromium) through playwright-core, never a downloaded browser, and the
 * build of the pages it is pointed at. Used by the browser tests and the screenshot script.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const repoRoot = resolve(__dirname, '../..');

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** `launch` gives the browser a fresh temporary profile of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Builds the web pages when dist/client is missing or stale (scripts/build-client.js holds a lock). */
export function buildClient(): void {
  const result = spawnSync(process.execPath, ['scripts/build-client.js'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the web pages failed: ${result.stderr}`);
}
