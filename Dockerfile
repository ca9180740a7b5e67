# CloudTrail Insights Gateway. The TypeScript sources run through tsx, a production dependency,
# exactly as `npm start` and the tests run them: no separate compiled tree that could drift.
#
#   docker build -t cloudtrail-insights-gateway .
#   docker run -p 4000:4000 cloudtrail-insights-gateway                          # embedded emulator, demo data
#   docker run -p 4000:4000 -e CLOUDTRAIL_BACKEND=aws -e AWS_REGION=us-east-1 \
#     -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY cloudtrail-insights-gateway  # real CloudTrail
ARG NODE_IMAGE=node:22-bookworm-slim

# Stage 1: production dependencies only, from the lockfile. Install scripts are skipped: none is
# needed (esbuild, under tsx, finds its platform binary package without its postinstall).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Stage 2: the runtime. Code and dependencies belong to root and are read-only to the `node` user
# (uid 1000, from the base image) the gateway runs as.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY schema ./schema
COPY fixtures/invictus-ir_aws_dataset ./fixtures/invictus-ir_aws_dataset
USER node
EXPOSE 4000
# Liveness only (no AWS call): /readyz is the probe that checks CloudTrail. No curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start` without npm: node is PID 1 and receives SIGTERM itself (graceful shutdown in main.ts).
CMD ["node", "--import", "tsx", "src/main.ts"]
