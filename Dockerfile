# syntax=docker/dockerfile:1
#
# One image for the three processes of anagrafica (see docs/docker.md):
#   API (default)     node dist/api/server.js
#   Temporal worker   node dist/workers/temporal-worker.js
#   e-mail worker     node dist/workers/email-worker.js
#
# NODE_ENV is deliberately not set here: the configuration (config/index.ts) refuses the
# development secrets when NODE_ENV=production, and docker-compose.yml is a local demo that runs on
# them. A deployment sets NODE_ENV=production together with ORDER_WEBHOOK_SECRET, OPERATOR_TOKEN,
# SESSION_SECRET and PAYLOAD_ENCRYPTION_KEY.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency, compile TypeScript to dist/ ---------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json

# --- deps: production dependencies only, as locked ----------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
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
