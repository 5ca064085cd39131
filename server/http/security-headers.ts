import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** The one page other sites may frame (contract v2, embedding). */
export const FRAMED_PAGE = '/embed/thread';

const policy = (frameAncestors: string[], framed: boolean) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors,
      },
    },
    // frame-ancestors decides for the framed page; X-Frame-Options cannot name other origins.
    xFrameOptions: framed ? false : { action: 'sameorigin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });

/**
 * helmet's headers with a Content-Security-Policy that allows no inline script: pages load their
 * scripts from this origin only, and connect (fetch, Socket.IO) to it only. Only the framed thread may be
 * framed by the sites of EMBED_ORIGINS; every other page by this server's own pages only.
 */
export function securityHeaders(embedOrigins: string[] = []): RequestHandler {
  // Every other page may be framed by this server's own pages only, as the contract says ('self').
  const own = policy(["'self'"], false);
  const framed = policy(["'self'", ...embedOrigins], true);
  return (req, res, next) => (req.path === FRAMED_PAGE ? framed : own)(req, res, next);
}
