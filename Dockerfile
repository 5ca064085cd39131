# The discussion server as an image (docs/deploy.md). Not built on the machine this repository is tested
# on (no Docker there): the steps are those of `npm ci`, `npm run build` and `node dist/server/index.js`,
# which the tests do run.

# 1. Build: every dependency (TypeScript, Vite), then the server (dist/server) and the pages (dist/client).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# 2. Run: production dependencies only, the build, an unprivileged user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# The embedded store's files, when MONGODB_URI is unset: mount a volume here to keep them.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Ready = MongoDB answers (Redis down is "degraded", still 200). No curl in the slim image: Node asks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", \
       "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(+!r.ok), () => process.exit(1))"]
# The server itself, not `npm start`: that would try to rebuild (with dev dependencies this image lacks)
# and npm does not pass SIGTERM on reliably. On SIGTERM the server drains and exits 0 within 10 s.
CMD ["node", "--enable-source-maps", "dist/server/index.js"]
