"""
gunicorn settings for VAWG Portal, used by the container (docker-compose, Dockerfile), the
production-shape test and `make bench-load`. Every value can be overridden with GUNICORN_* or
gunicorn's own GUNICORN_CMD_ARGS.

Threaded workers (gthread): a request waiting on PostgreSQL or a slow client holds a thread, not a
whole process, so one burst (200 requests to the heaviest page, 28 sign-ins at once) queues
behind the threads instead of freezing every page. Processes sized to the CPUs carry the CPU work
(templates, Argon2); threads cover the waiting. Keep CONN_MAX_AGE connections within PostgreSQL's
max_connections: workers x threads per web container.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# (2 x CPUs) + 1 is gunicorn's rule for sync workers; with threads doing the waiting, one process
# per CPU plus one is enough and leaves memory for the Celery worker on the same host.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 4)
# A request that runs longer than this is killed and logged (the worker restarts); the slowest
# legitimate page (a national export) takes a few seconds.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound; jitter staggers them.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Loading the app before forking shares its memory between workers and fails fast on bad settings.
preload_app = True
# gunicorn 27 opens a control socket in $HOME by default: not wanted in a container or CI.
control_socket_disable = True
# Logs to stdout/stderr, for the container's log collector.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def on_starting(server):
    """Build the toolkit search's English spelling index (a second or two) in the master, before it
    listens and before the workers fork: no officer's first search waits for it, the workers share its
    memory, and a health check never finds the port open with no worker behind it."""
    from toolkit.spelling import english_words

    server.log.info("Toolkit spelling index built: %d English words", len(english_words()))
