# syntax=docker/dockerfile:1
# One image for every process of Puchi. Its command names the role: `gateway`, `topics [--list]` or a domain
# (user, lesson, …); deploy/src/entrypoint.ts refuses anything else with exit code 2. See deploy/README.md.
ARG NODE_VERSION=20.20.2

# 1. Compile: the repo's TypeScript to CommonJS in /out (deploy/src/compile.ts), laid out as the repo.
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /repo
COPY . .
# The manifests alone, so the production install below reruns only when a dependency changes.
RUN mkdir /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find kafka schema gateway subgraphs -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;
# Everything, dev dependencies included, but no install scripts: compiling needs TypeScript and tsx, nothing native.
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN npx tsx deploy/src/compile.ts /out

# 2. Production dependencies only. No install scripts but better-sqlite3's (the one package.json "allowScripts"
#    lets run that the runtime needs): it fetches its prebuilt binary, else compiles with this image's python3, make and g++.
FROM node:${NODE_VERSION}-bookworm AS deps
WORKDIR /app
COPY --from=build /manifests/ ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# 3. Runtime: the same Debian release as the stages above, so better-sqlite3's compiled module loads; no compiler,
#    no dev dependency, no TypeScript source; runs as `node`, not root.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# NODE_OPTIONS: the young generation `npm start` and the benchmarks run with (bench/README.md, "Node's young generation").
ENV NODE_ENV=production \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-semi-space-size=64
WORKDIR /app
COPY --from=deps /app/ ./
COPY --from=build /out/ ./
# The services' SQLite stores; a volume mounted here starts with this owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8000
ENTRYPOINT ["node", "deploy/src/entrypoint.js"]
CMD ["gateway"]
