# The gateway as a container: production profile, configuration only through GATEWAY_* variables.
# Build: docker build -t work-gateway .   Run: see docs/deployment.md and compose.yaml.

# GraphiQL's pinned assets (npm lock, integrity-checked); GraphiQL itself is off in production
# unless GATEWAY_GRAPHIQL=true, but the image carries the files it would serve.
FROM node:20-slim AS graphiql
WORKDIR /assets
COPY gateway/graphiql/npm/ ./
RUN npm ci && node vendor.mjs /assets /vendor

# Every dependency at the version and hash requirements.lock pins, then the gateway (no deps).
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock /src/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes -r /src/requirements.lock
COPY pyproject.toml README.md /src/
COPY gateway /src/gateway
COPY schema /src/schema
COPY --from=graphiql /vendor /src/gateway/graphiql/static/vendor
RUN /opt/venv/bin/pip install --no-deps /src

# The final image: the virtual environment and nothing that built it; a user without a shell.
FROM python:3.11-slim
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin gateway
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
ENV PYTHONUNBUFFERED=1
ENV GATEWAY_ENVIRONMENT=production
ENV GATEWAY_HOST=0.0.0.0
ENV GATEWAY_PORT=8000
USER gateway
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "gateway.healthcheck"]
# The documented command (docs/deployment.md); tests/fleet/test_container.py runs it as is.
CMD ["gateway", "serve"]
