"""gunicorn settings for `make serve` and production: everything from the environment.

BIND (default 127.0.0.1:8000): where to listen; behind a reverse proxy keep it on loopback or a
private address. WEB_CONCURRENCY: worker processes (default 2 x cores + 1, at most 12).
FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-* headers are trusted (default loopback).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12)))
# Sync workers: the app does short database-bound requests; a slow client is the proxy's job.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Both logs to stdout/stderr for the process supervisor to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker) -> None:
    """Everything a worker loads at start-up (Django, the app, its settings) lives as long as
    the worker: frozen out of the garbage collector's sight, a full collection no longer walks
    it. Those collections showed as 50-70 ms outliers among the catalog's answers.

    Half of what the app loads is loaded by its first requests (templates, translations, the
    URLs): the worker answers a few pages in each language itself first (`apcn.wsgi.warm_up`),
    so that its first visitor does not wait for that (a new worker's first catalog page took
    123 ms, its next ones 40, at 100k courses) and what it loaded is frozen too (full
    collections in a run of 400 catalog pages on three workers: 12 before, 3 and 5 after)."""
    import gc

    from apcn.wsgi import warm_up

    warm_up(alive=worker.notify)
    gc.collect()
    gc.freeze()
