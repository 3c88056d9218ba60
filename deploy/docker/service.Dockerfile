# syntax=docker/dockerfile:1.7
# signaling or api (build with --build-arg SERVICE=signaling|api; context = the repo root).
# Services run from TypeScript sources with tsx (no build step), as in the local cluster.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
ARG SERVICE
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN corepack enable
WORKDIR /app
# Manifests first, so the dependency layer is reused until a manifest or the lockfile changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY signaling/package.json signaling/
COPY media-node/package.json media-node/
COPY api/package.json api/
COPY web/package.json web/
COPY load-tests/package.json load-tests/
COPY deploy/package.json deploy/
# The service, its workspace dependencies ("...") and the root (tsx). No install scripts run
# (pnpm-workspace.yaml allows none), so no mediasoup worker is built here.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    test -n "$SERVICE" && pnpm install --frozen-lockfile --filter "@coope/${SERVICE}..." --filter coope

FROM deps AS runtime
ARG SERVICE
ENV NODE_ENV=production
COPY tsconfig.base.json ./
COPY media-node/src media-node/src
COPY signaling/src signaling/src
COPY api/src api/src
COPY ${SERVICE}/tsconfig.json ${SERVICE}/
RUN mkdir -p /var/lib/coope/uploads && chown -R node:node /var/lib/coope
USER node
WORKDIR /app/${SERVICE}
# node itself is PID 1 and gets SIGTERM directly (tsx is loaded as a hook, not a wrapper process).
CMD ["node", "--import", "tsx", "src/main.ts"]
