# syntax=docker/dockerfile:1.7
# The web app built by Vite, served by nginx with deploy/nginx/coope.conf (TLS, api, WebSockets).
# Context = the repo root. SIGNALING_URLS is compiled into the bundle (comma-separated); behind
# coope.conf it is the public origin, whose /socket.io/ is spread over the signaling nodes.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN corepack enable
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY signaling/package.json signaling/
COPY media-node/package.json media-node/
COPY api/package.json api/
COPY web/package.json web/
COPY load-tests/package.json load-tests/
COPY deploy/package.json deploy/
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --filter "@coope/web..." --filter coope
COPY tsconfig.base.json ./
COPY media-node/src media-node/src
COPY signaling/src signaling/src
COPY api/src api/src
COPY web web
ARG SIGNALING_URLS
RUN test -n "$SIGNALING_URLS" && SIGNALING_URLS="$SIGNALING_URLS" pnpm --filter @coope/web run build

FROM nginx:1.27-bookworm AS runtime
COPY --from=build /app/web/dist /usr/share/nginx/html
COPY deploy/nginx/coope.conf /etc/nginx/conf.d/default.conf
RUN mkdir -p /var/www/acme /etc/nginx/certs
EXPOSE 80 443
