# syntax=docker/dockerfile:1
#
# One image for the three processes of anagrafica (see docs/docker.md):
#   API (default)     node dist/api/server.js
#   Temporal worker   node dist/workers/temporal-worker.js
#   e-mail worker     node dist/workers/email-worker.js
#
# The image runs with NODE_ENV=production: the configuration (config/index.ts) then refuses to
# start (exit 78, naming each variable) until these secrets are given, as environment variables
# (`docker run --env-file prod.env …`, or the orchestrator's secret store exposed as env):
#   ORDER_WEBHOOK_SECRET     HMAC key of the order events, shared with the order pipeline (openssl rand -hex 32)
#   OPERATOR_TOKEN           bearer token of the operator and codec endpoints (openssl rand -hex 32)
#   SESSION_SECRET           keys the digests that must not be recomputable, and the order links (openssl rand -hex 32)
#   PAYLOAD_ENCRYPTION_KEY   AES-256 key of Temporal payloads, base64 of 32 bytes (openssl rand -base64 32)
# Never bake them into the image (no ENV or ARG for them here). See docs/docker.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency, compile TypeScript to dist/ ---------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches/ patches/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json

# --- deps: production dependencies only, as locked ----------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches/ patches/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# Set only here, so the build stage still installs the dev dependencies it compiles with.
ENV NODE_ENV=production
# package.json marks the project root: config/paths.ts walks up from dist/ to find it, and the
# e-mail worker reads its Handlebars templates from templates/email/ next to it.
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY templates ./templates
# Files stay owned by root (read-only for the process); the processes run as the image's `node` user.
USER node
EXPOSE 3000
CMD ["node", "dist/api/server.js"]
