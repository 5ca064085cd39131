// A publisher's site for trying embedding by hand: serves index.html under a strict CSP (no inline
// script or style), naming the discussion server in the few directives the embed needs.
//   DISCUSSION_URL=http://127.0.0.1:3000 PORT=8080 node examples/host-site/server.js
// and start the discussion server with EMBED_ORIGINS=http://localhost:8080, then open
// http://localhost:8080/ (localhost and 127.0.0.1 are different sites, as a real host and server are).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { URL } = require('node:url');

const discussion = new URL(process.env.DISCUSSION_URL || 'http://127.0.0.1:3000').origin;
const port = Number(process.env.PORT || 8080);
const page = fs.readFileSync(path.join(__dirname, 'index.html'), 'utf8').replaceAll('{{DISCUSSION_URL}}', discussion);
const css = fs.readFileSync(path.join(__dirname, 'site.css'));
const csp = [
  "default-src 'self'",
  `script-src 'self' ${discussion}`,
  `frame-src ${discussion}`,
  `connect-src 'self' ${discussion}`,
  "style-src 'self'",
  "base-uri 'none'",
].join('; ');

http
  .createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://host');
    if (url.pathname === '/site.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    if (url.pathname !== '/') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(page);
  })
  .listen(port, () => console.log(`Example host site on http://localhost:${port}/ embedding ${discussion}`));
