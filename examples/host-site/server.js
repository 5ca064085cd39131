// A publisher's site for trying embedding by hand: serves index.html under a strict CSP (no inline
// script or style), naming the discussion server in the few directives the embed needs.
//   DISCUSSION_URL=http://127.0.0.1:3000 PORT=8080 node examples/host-site/server.js
// and start the discussion server with EMBED_ORIGINS=http://localhost:8080, then open
// http://localhost:8080/ (localhost and 127.0.0.1 are different sites, as a real host and server are).
// With SSO_SECRET set here and on the discussion server, the page signs in a fake reader ("Alex Reader",
// the host's user id reader-42) by SSO: this server signs a fresh token into each page it serves.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { URL } = require('node:url');
const { TextEncoder } = require('node:util');

const discussion = new URL(process.env.DISCUSSION_URL || 'http://127.0.0.1:3000').origin;
const port = Number(process.env.PORT || 8080);
const page = fs.readFileSync(path.join(__dirname, 'index.html'), 'utf8').replaceAll('{{DISCUSSION_URL}}', discussion);
const css = fs.readFileSync(path.join(__dirname, 'site.css'));
const ssoSecret = process.env.SSO_SECRET;

/** The host's backend signs its signed-in reader's token (HS256, valid for an hour; see docs/embedding.md). */
async function ssoToken() {
  if (!ssoSecret) return '';
  const { SignJWT } = await import('jose');
  return new SignJWT({ displayName: 'Alex Reader', username: 'alex_reader' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('reader-42')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(ssoSecret));
}
const csp = [
  "default-src 'self'",
  `script-src 'self' ${discussion}`,
  `frame-src ${discussion}`,
  `connect-src 'self' ${discussion}`,
  "style-src 'self'",
  "base-uri 'none'",
].join('; ');

http
  .createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://host');
    if (url.pathname === '/site.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    if (url.pathname !== '/') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    const token = await ssoToken();
    res.end(page.replace('{{SSO_ATTRIBUTE}}', token ? ` data-sso="${token}"` : ''));
  })
  .listen(port, () => console.log(`Example host site on http://localhost:${port}/ embedding ${discussion}`));
