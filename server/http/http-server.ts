import http from 'node:http';

/**
 * The whole request line and headers must arrive within this, and the whole request (body included)
 * within REQUEST_TIMEOUT_MS, or Node closes the connection (answering 408 when it still can). Node's
 * defaults (60 s and 300 s) let a client trickling one byte every few seconds hold a connection for
 * minutes; no honest client needs more than a fraction of these. Upgraded websockets are not affected.
 */
export const HEADERS_TIMEOUT_MS = 15_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node looks for connections past those timeouts (its default is every 30 s). */
const CHECK_EVERY_MS = 1000;

/** The HTTP server every entry point (the process, the tests) serves the app with. */
export function createHttpServer(handler: http.RequestListener): http.Server {
  const options = {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: CHECK_EVERY_MS,
  };
  return http.createServer(options, handler);
}
