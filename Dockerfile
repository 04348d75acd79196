# syntax=docker/dockerfile:1
# The API (`node dist/src/main.js`) and the worker (`node dist/src/worker.js`) share this image.

# Build: every dependency, tsc, then the dev tools pruned away.
# Node 24: the LTS that CI runs the suite on (.ci/run), within package.json's engines (test/node-versions.test.ts).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: the ones here build dev tools (esbuild, swc), an optional native
# msgpack codec (msgpackr falls back to JavaScript) and the embedded PostgreSQL, which a
# container never starts (DATABASE_URL is always set).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --ignore-scripts

# Runtime: compiled code, production dependencies and migrations, run as the unprivileged `node` user.
FROM node:24-bookworm-slim AS runtime
# NODE_OPTIONS: npm start's flags (package.json), for the API and the worker alike; see README, Speed.
# DATA_DIR: the .eml fallback (no SMTP_URL) writes under it; outside /app, so the code stays read-only.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=64" \
    PORT=4000 \
    DATA_DIR=/var/lib/skein
WORKDIR /app
RUN install -d -o node -g node /var/lib/skein
COPY --chown=node:node package.json ./
COPY --chown=node:node drizzle ./drizzle
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
USER node
EXPOSE 4000
# Liveness only: readiness (/readyz) is for load balancers, not for restarting a container.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
