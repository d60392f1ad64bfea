# syntax=docker/dockerfile:1
# Production image for VAWG Portal: the web app (gunicorn), the Celery worker and beat.

# --- Stage 1: front-end assets (GOV.UK Frontend compiled with Sass, htmx) ---------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend ./frontend
RUN mkdir -p static && npm run build

# --- Stage 2: Python runtime with WeasyPrint's system libraries and a font -------------------
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 vawg
WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY --chown=vawg:vawg . .
COPY --from=assets --chown=vawg:vawg /app/static ./static
# collectstatic needs settings to import; these values exist only for this build step.
RUN DEBUG=false SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --no-input --verbosity 0 \
 && mkdir -p /app/media /app/private/reports && chown -R vawg:vawg /app/media /app/private
USER vawg
EXPOSE 8000
# Workers, threads, timeouts and logging: gunicorn.conf.py (override with GUNICORN_* variables).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "vawg_portal.wsgi:application"]
