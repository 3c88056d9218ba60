# syntax=docker/dockerfile:1.7
# The media node: mediasoup's C++ worker built against Debian's own libraries by
# media-node/scripts/build-worker.mjs (see ../../media-node/scripts/worker-build/README.md),
# then a slim runtime with only the shared libraries the worker links. Context = the repo root.
ARG NODE_IMAGE=node:20-bookworm

FROM ${NODE_IMAGE} AS build
# The build packages: the same list as APT.worker in scripts/coope.mjs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ pkg-config python3 meson ninja-build ccache libuv1-dev libssl-dev libabsl-dev \
      libflatbuffers-dev flatbuffers-compiler libsrtp2-dev \
 && rm -rf /var/lib/apt/lists/*
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true COOPE_CACHE_DIR=/cache/coope CCACHE_DIR=/cache/ccache
RUN corepack enable
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY signaling/package.json signaling/
COPY media-node/package.json media-node/
COPY api/package.json api/
COPY web/package.json web/
COPY load-tests/package.json load-tests/
COPY deploy/package.json deploy/
# mediasoup's own postinstall stays off (it downloads from GitHub); the worker is built below.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --filter "@coope/media-node..." --filter coope
COPY media-node/scripts media-node/scripts
# The cache mount keeps the cold ~9 min build to seconds on rebuilds (ccache + the binary cache).
RUN --mount=type=cache,id=coope-worker,target=/cache \
    node media-node/scripts/build-worker.mjs \
 && node media-node/scripts/build-worker.mjs --check
COPY tsconfig.base.json ./
COPY media-node/tsconfig.json media-node/
COPY media-node/src media-node/src
COPY deploy/docker/media-drain.mjs deploy/docker/media-drain.mjs

FROM node:20-bookworm-slim AS runtime
# Runtime halves of the -dev packages above (the worker is dynamically linked).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libuv1 libssl3 libabsl20220623 libflatbuffers2 libsrtp2-1 \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
COPY --from=build /app /app
# Fails the build if a runtime library is missing (the worker must load and exit with 41).
RUN node /app/media-node/scripts/build-worker.mjs --check
USER node
WORKDIR /app/media-node
# Drain: SIGTERM (or the drain RPC, see media-drain.mjs) → DRAINING → rooms re-homed → exit.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
