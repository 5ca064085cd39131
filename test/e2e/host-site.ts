/**
 * A publisher's site for the embedding browser tests: a tiny HTTP server on `localhost` (another site than
 * the discussion server on 127.0.0.1) whose article page embeds a thread under a strict CSP with no
 * inline script or style, as a careful host would.
 */
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium';

export interface HostSite {
  origin: string;
  close(): Promise<void>;
}

/** The host's page: one thread and one count, keyed by the host's own id. */
export function hostPage(server: string, origin: string, externalId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host article ${externalId}</title></head>
<body><h1>Bike lanes</h1><p>Comments: <span data-discussion-count data-id="${externalId}">…</span></p>
<div data-discussion data-id="${externalId}" data-url="${origin}/articles/${externalId}"
  data-title="Bike lanes ${externalId}"></div>
<script src="${server}/embed.js" async></script></body></html>`;
}

/** Serves hostPage at /articles/<id>, with a CSP that lets in the discussion server and nothing inline. */
export function startHostSite(port: number, server: string): Promise<HostSite> {
  const origin = `http://localhost:${port}`;
  const csp = [
    "default-src 'none'",
    `script-src ${server}`,
    `frame-src ${server}`,
    `connect-src ${server}`,
    "style-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  const http: Server = createServer((req, res) => {
    const match = /^\/articles\/([A-Za-z0-9_.:-]+)$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(hostPage(server, origin, match[1]!));
  });
  const close = () => new Promise<void>((done) => http.close(() => done()));
  return new Promise((resolve) => http.listen(port, '127.0.0.1', () => resolve({ origin, close })));
}

/**
 * Playwright's own --disable-features list without ThirdPartyStoragePartitioning (which would leave a
 * cross-site frame without storage); Chromium honours only the last --disable-features flag.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

/** Chromium that blocks third-party cookies as shipping browsers do, with partitioned frame storage. */
export function launchStrictChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--test-third-party-cookie-phaseout', `--disable-features=${DISABLED_FEATURES.join(',')}`],
  });
}
