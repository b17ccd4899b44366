"""Benchmark of the catalog on PostgreSQL: `make bench` (or `.venv/bin/python bench/run.py`).

For each catalog size (10k and 100k courses by default; `--sizes 300000` when asked):

1. Builds a dedicated database (`apcn_bench`, dropped first) with the courses and three
   offerings each across the member centres, all themes and languages (bulk inserts, progress
   shown); the database's own triggers derive every course (migration 0012); the course table
   written anew without the dead rows of those passes (VACUUM FULL); ANALYZE.
2. Measures what visitors meet:
   (a) SQL queries per catalog page (in-process, right after a catalog write),
   (b) the cold workload over HTTP (gunicorn on 127.0.0.1): distinct random catalog URLs, none
       asked twice and no two with the same filters (one facet, three facets, ranked search,
       other pages), p50/p95 per kind; then as many new ones while a writer changes the
       catalog twice a second (each write makes every cached page cold),
   (c) throughput under `wrk` against a minimal one-query view: warm (20 URLs over and over)
       and cold (thousands of distinct URLs, none asked twice),
   (d) concurrent approvals on one offering: seats overbooked (must be 0),
   (e) 50 concurrent withdrawals and waitlist moves on one offering: promotions per second,
       overbooked (must be 0), promotions out of order (must be 0).
3. Prints each target as met or missed, writes JSON to bench/results/, and drops the bench
   database (`--keep` keeps it). It never opens more than a share of the free connections.

Options: --sizes N,N --offerings-per-course N --reuse --keep --urls N (cold URLs per kind)
--repeat N --cold N (in-process requests per page) --wrk-seconds N.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import math
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "apcn_bench")
PORT = int(os.environ.get("BENCH_PORT", "8105"))
RESULTS = ROOT / "bench" / "results"
STATIC_ROOT = Path(tempfile.gettempdir()) / "apcn_bench_static"

PAGE_BUDGET_S = float(os.environ.get("BENCH_PAGE_SECONDS", "6"))
MIN_REQUESTS = 8
# Issue 13's targets, cold distinct URLs: at 100k courses (and more), per kind of page; at 10k,
# every catalog page.
TARGETS = {
    "single_facet_p95_ms": 50.0,
    "three_facets_p95_ms": 60.0,
    "search_p95_ms": 80.0,
    "small_catalog_p95_ms": 25.0,
    "queries_per_page": 6,
    "throughput_ratio_warm": 0.5,
    "throughput_ratio_cold": 0.2,
    "overbooked": 0,
}
SMALL_CATALOG = 10_000

# Tables whose triggers a bulk load turns off (their rows derive the course again each).
BULK_TABLES = ("courses_offering", "courses_course_themes", "courses_course_languages")
COUNT_TRIGGERS = ("apcn_count_insert", "apcn_count_update")

# The member centres (SPEC §2), so the catalog looks like the real one.
CENTRES = [
    ("vdpo", "Viet Nam Department of Peacekeeping Operations", "VDPO", "VN", "Hanoi"),
    ("mpc", "Malaysian Peacekeeping Centre", "MPC", "MY", "Port Dickson"),
    ("ipsc", "Indonesia Peace and Security Center", "IPSC", "ID", "Sentul, Bogor"),
    ("poc", "Peace Operations Center, Royal Thai Armed Forces", "POC", "TH", "Bangkok"),
    (
        "npmec",
        "National Centre for Peacekeeping Forces, Mines and Explosive Remnants of War Clearance",
        "NPMEC",
        "KH",
        "Phnom Penh",
    ),
    ("afppkoc", "AFP Peacekeeping Operations Center", "AFPPKOC", "PH", "Camp O'Donnell, Capas"),
    (
        "bn-focal-point",
        "Brunei Darussalam Peacekeeping Focal Point",
        "BN FP",
        "BN",
        "Bandar Seri Begawan",
    ),
    ("la-focal-point", "Lao PDR Peacekeeping Focal Point", "LA FP", "LA", "Vientiane"),
    ("mm-focal-point", "Myanmar Peacekeeping Focal Point", "MM FP", "MM", "Nay Pyi Taw"),
    ("sg-focal-point", "Singapore Peacekeeping Focal Point", "SG FP", "SG", "Singapore"),
]

TOPICS = [
    "Protection of Civilians",
    "Women, Peace and Security",
    "Peacekeeper Safety and Security",
    "Conflict-Related Sexual Violence Prevention",
    "Child Protection",
    "Human Rights Monitoring",
    "UN Military Observers",
    "UN Staff Officers",
    "Pre-Deployment Training",
    "Field Medical Support",
    "Combat Engineering in Peace Operations",
    "Individual Police Officers",
    "Civil-Military Coordination",
    "Crisis Management (CSDP)",
    "Humanitarian Mine Action",
    "Mission Logistics",
    "Gender Advisers",
    "Negotiation and Mediation",
    "Convoy Protection",
    "Casualty Evacuation",
]
FORMATS = [
    "Course",
    "Workshop",
    "Seminar",
    "Training of Trainers",
    "Tabletop Exercise",
    "Orientation",
]
_WORD_TEXT = (
    "mission mandate rules engagement civilians threat assessment patrol liaison community "
    "gender protection early warning reporting convoy checkpoint negotiation medical "
    "evacuation explosive ordnance logistics planning coordination humanitarian human rights "
    "monitoring observers staff officers police leadership ethics conduct discipline safety "
    "security "
)
WORDS = _WORD_TEXT.split()


def _filler_vocabulary(size: int = 4000) -> list[str]:
    """Made-up words for the rest of a description. A real catalog's text has thousands of
    distinct words, so one search term matches a few courses in a hundred; drawn only from
    WORDS, four courses in five would contain "convoy"."""
    rng = random.Random(11)  # noqa: S311 - reproducible data, not secrets
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.randint(2, 4)
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    return sorted(words)


FILLER = _filler_vocabulary()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def configure_environment() -> None:
    # Production settings, as gunicorn serves them, minus the TLS redirect (loopback, no proxy).
    os.environ.update(
        DATABASE_URL=f"{PG}/{DB_NAME}",
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(STATIC_ROOT),
        APCN_BENCH="1",
        LOG_LEVEL="ERROR",
        # Notifications of seat requests are built but not sent anywhere.
        EMAIL_URL="dummymail://",
        # The API's catalog is measured from one address: not a flood to throttle.
        API_THROTTLE_ADDRESS="100000000/hour",
        DJANGO_SETTINGS_MODULE="apcn.settings",
    )
    # As production runs it: one cache shared by the app server's workers (Redis), when it
    # answers at BENCH_CACHE_URL; otherwise each worker keeps its own.
    cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        client = redis.Redis.from_url(cache_url, socket_timeout=0.5)
        client.ping()
        os.environ["CACHE_URL"] = cache_url
    except Exception:  # no Redis: per-process caches, said in the report
        os.environ.pop("CACHE_URL", None)


def fresh_cache_prefix(size: int) -> None:
    """Start each catalog with keys of its own in the shared cache: every build has the same
    database name, and its courses the same ids and versions as the last build's, whose rows
    would otherwise be read: for the app server started after (its environment), this
    process's threads (the settings they build their cache from) and this one."""
    from django.conf import settings
    from django.core.cache import cache

    prefix = f"{DB_NAME}-{size}-{secrets.token_hex(4)}"
    os.environ["CACHE_KEY_PREFIX"] = prefix
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    cache.key_prefix = prefix


def recreate_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


# ---------------------------------------------------------------------------------------------
# Building the data
# ---------------------------------------------------------------------------------------------


def build(n_courses: int, per_course: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from courses.models import Centre, Course, Language, Offering, Theme

    started = time.perf_counter()
    log(f"creating database {DB_NAME} and migrating")
    recreate_database()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False, clear=True)

    rng = random.Random(7)  # noqa: S311 - reproducible data, not secrets
    centres = []
    for slug, name, short, country, city in CENTRES:
        centre, _ = Centre.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "short_name": short, "country": country, "city": city},
        )
        centres.append(centre)
    User = get_user_model()
    creators = {c.pk: User.objects.get_or_create(username=f"{c.slug}-trainer")[0] for c in centres}
    themes = list(Theme.objects.values_list("pk", flat=True))
    languages = list(Language.objects.values_list("pk", flat=True))
    english = Language.objects.filter(code="en").values_list("pk", flat=True).first()
    if not themes or not languages:
        raise SystemExit("No themes or languages: the reference-data migration did not run.")

    today = timezone.localdate()
    now = timezone.now()
    batch = 5_000
    # A bulk load writes each course once: the links' and offerings' triggers (which derive the
    # course again on each row) and the catalog version's are off until it is done, and one
    # pass then derives every course (migration 0012), as a live catalog's writes would have.
    with connection.cursor() as cursor:
        for table in BULK_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE courses_course DISABLE TRIGGER apcn_bump_course")
        # The facet count table (migration 0022) is counted once at the end.
        for trigger in COUNT_TRIGGERS:
            cursor.execute(f"ALTER TABLE courses_course DISABLE TRIGGER {trigger}")
    ThemeLink = Course.themes.through
    LanguageLink = Course.languages.through
    made_courses = made_offerings = 0
    for start in range(0, n_courses, batch):
        size = min(batch, n_courses - start)
        courses, picked = [], []
        for i in range(start, start + size):
            centre = centres[i % len(centres)]
            theme_ids = rng.sample(themes, rng.randint(1, 3))
            language_ids = {english} if english and rng.random() < 0.7 else set()
            language_ids.update(rng.sample(languages, rng.randint(1, 2)))
            picked.append((theme_ids, language_ids))
            topic = rng.choice(TOPICS)
            title = f"{topic} {rng.choice(FORMATS)}"
            summary = f"{topic} for {rng.choice(['military', 'police', 'civilian', 'mixed'])} "
            summary += f"participants: {' '.join(rng.sample(WORDS, 3))}."
            description = " ".join(rng.sample(WORDS, 4) + rng.choices(FILLER, k=56))
            status = rng.choices(["published", "draft", "archived"], weights=[85, 10, 5])[0]
            courses.append(
                Course(
                    centre=centre,
                    title=title,
                    slug=f"{slugify(title)[:180]}-{i + 1}",
                    summary=summary[:300],
                    description=description,
                    audience=rng.choice(["military", "police", "civilian", "mixed"]),
                    level=rng.choice(["basic", "intermediate", "advanced", "training-of-trainers"]),
                    delivery_mode=rng.choice(["in-person", "in-person", "online", "blended"]),
                    duration_days=rng.randint(1, 20),
                    **(
                        {
                            "un_status": "recognised",
                            "un_certificate_date": today - datetime.timedelta(days=400),
                            "un_expiry_date": today + datetime.timedelta(days=1000),
                        }
                        if rng.random() < 0.3
                        else {}
                    ),
                    status=status,
                    created_by=creators[centre.pk],
                    created_at=now - datetime.timedelta(minutes=i),
                    updated_at=now,
                )
            )
        with transaction.atomic():
            courses = Course.objects.bulk_create(courses)
            links, langs, offerings = [], [], []
            for course, (theme_ids, language_ids) in zip(courses, picked, strict=True):
                for theme_id in theme_ids:
                    links.append(ThemeLink(course_id=course.pk, theme_id=theme_id))
                for language_id in language_ids:
                    langs.append(LanguageLink(course_id=course.pk, language_id=language_id))
                for _ in range(per_course):
                    begins = today + datetime.timedelta(days=rng.randint(-365, 540))
                    seats = rng.randint(12, 60)
                    offerings.append(
                        Offering(
                            course=course,
                            start_date=begins,
                            end_date=begins + datetime.timedelta(days=course.duration_days - 1),
                            city=course.centre.city,
                            country=course.centre.country,
                            application_deadline=begins
                            - datetime.timedelta(days=rng.randint(0, 45)),
                            seats_total=seats,
                            partner_seats=rng.randint(0, seats // 2),
                            status="cancelled" if rng.random() < 0.05 else "scheduled",
                            created_by=course.created_by,
                        )
                    )
            ThemeLink.objects.bulk_create(links, batch_size=batch)
            LanguageLink.objects.bulk_create(langs, batch_size=batch)
            Offering.objects.bulk_create(offerings, batch_size=batch)
        # The course's triggers keep the plans of their queries for the session, made when
        # the tables were empty: a course's runs were then looked up by walking the whole index
        # of scheduled runs by date, so each batch of 5,000 courses took longer than the last
        # (13 s for the second, 35 s for the eighth, 57-74 s for the twentieth). Planned afresh
        # after each batch, every batch takes 9-11 s.
        with connection.cursor() as cursor:
            cursor.execute("DISCARD PLANS")
        made_courses += len(courses)
        made_offerings += len(offerings)
        elapsed = time.perf_counter() - started
        log(f"  {made_courses:>7,} courses, {made_offerings:>7,} offerings ({elapsed:5.1f} s)")

    log("deriving every course (the database's trigger: run dates, ids, search documents)")
    with connection.cursor() as cursor:
        for table in BULK_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("UPDATE courses_course SET version = 0")
        cursor.execute("ALTER TABLE courses_course ENABLE TRIGGER apcn_bump_course")
        for trigger in COUNT_TRIGGERS:
            cursor.execute(f"ALTER TABLE courses_course ENABLE TRIGGER {trigger}")
        cursor.execute("SELECT apcn_catalog_count_rebuild()")
        cursor.execute("UPDATE courses_catalog_state SET version = version + 1")
    # As the daily job does in production (cron): the catalog's day is today.
    from courses.services import refresh_next_start_dates

    refresh_next_start_dates()
    log("VACUUM FULL courses_course, VACUUM ANALYZE")
    with connection.cursor() as cursor:
        # The passes above wrote every course row again, twice or more, which leaves the table
        # 2.8 times its live size and each index twice its own; a live catalog's rows are
        # written one at a time, and autovacuum gives their space to the next writes. The
        # table and its indexes are written anew, as a restore from a dump would leave them.
        cursor.execute("VACUUM FULL courses_course")
        cursor.execute("VACUUM ANALYZE")
    log(f"built in {time.perf_counter() - started:.1f} s")


# ---------------------------------------------------------------------------------------------
# (a) + (b): queries and server time per page, in-process
# ---------------------------------------------------------------------------------------------


def scenarios() -> list[tuple[str, str, str]]:
    """(group, name, URL) of the pages measured."""
    from django.utils import timezone

    from courses.models import Course

    in_30 = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    in_120 = (timezone.localdate() + datetime.timedelta(days=120)).isoformat()
    facets = [
        ("theme", "theme=protection-of-civilians"),
        ("centre", "centre=mpc"),
        ("country", "country=TH"),
        ("audience", "audience=police"),
        ("level", "level=advanced"),
        ("language", "language=fr"),
        ("mode", "mode=online"),
        ("starts_after", f"starts_after={in_30}"),
        ("starts_before", f"starts_before={in_120}"),
        ("open_seats", "open_seats=1"),
        ("sort=-created", "sort=-created"),
        ("sort=title", "sort=title"),
        ("page=50", "page=50"),
    ]
    result = [("none", "no filter", "/courses/")]
    result += [("facet", name, f"/courses/?{qs}") for name, qs in facets]
    result.append(
        (
            "combined",
            "theme+level+language",
            "/courses/?theme=women-peace-security&level=basic&language=en",
        )
    )
    result.append(
        (
            "combined",
            "theme+country+open_seats",
            "/courses/?theme=peacekeeper-safety&country=MY&open_seats=1",
        )
    )
    result += [
        ("search", "q=protection civilians", "/courses/?q=protection+civilians"),
        ("search", "q=convoy", "/courses/?q=convoy"),
        ("search", "q=mediation+theme", "/courses/?q=mediation&theme=human-rights"),
    ]
    # The REST API's catalog beside the page: the same FilterSet, serialised as JSON pages.
    result += [
        ("api", "API: no filter", "/api/v1/courses/"),
        ("api", "API: theme", "/api/v1/courses/?theme=protection-of-civilians"),
        (
            "api",
            "API: theme+country+open_seats",
            "/api/v1/courses/?theme=peacekeeper-safety&country=MY&open_seats=1",
        ),
        ("api", "API: q=convoy", "/api/v1/courses/?q=convoy"),
    ]
    slugs = list(Course.objects.published().order_by("?").values_list("slug", flat=True)[:20])
    result += [("detail", "course detail", f"/courses/{slug}/") for slug in slugs]
    return result


def measure_pages(repeat: int, cold: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows: list[dict] = []
    pages = scenarios()
    detail = [p for p in pages if p[0] == "detail"]
    pages = [p for p in pages if p[0] != "detail"]
    for group, name, url in pages:
        row = _time_urls(client, connection, CaptureQueriesContext, group, name, [url], repeat)
        row.update(_time_cold(client, connection, CaptureQueriesContext, name, url, cold))
        rows.append(row)
    if detail:
        urls = [u for _g, _n, u in detail]
        rows.append(
            _time_urls(
                client, connection, CaptureQueriesContext, "detail", "course detail", urls, repeat
            )
        )
    return rows


def _time_urls(client, connection, capture, group, name, urls, repeat) -> dict:
    for url in urls[:3]:
        client.get(url)  # warm caches and connections
    times, queries, statuses = [], [], set()
    # Bounded per page, so a slow page still lets the whole run finish in minutes: at least
    # MIN_REQUESTS, at most `repeat`, and no new request after PAGE_BUDGET_S seconds.
    deadline = time.perf_counter() + PAGE_BUDGET_S
    for i in range(repeat):
        if i >= MIN_REQUESTS and time.perf_counter() > deadline:
            break
        url = urls[i % len(urls)]
        with capture(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured.captured_queries))
        statuses.add(response.status_code)
    row = {
        "group": group,
        "name": name,
        "url": urls[0],
        "status": sorted(statuses),
        "requests": len(times),
        **_percentiles(times),
        "queries": max(queries),
    }
    log(
        f"  {name:<28} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} ms  {row['queries']:>2} queries  "
        f"HTTP {','.join(map(str, row['status']))}"
    )
    return row


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        # Nearest rank: the smallest time that 95% of the requests did not exceed.
        "p95_ms": round(ordered[math.ceil(len(ordered) * 0.95) - 1], 1),
    }


def _time_cold(client, connection, capture, name, url, repeat) -> dict:
    """The same page right after a catalog write: nothing of it is in the cache."""
    from courses.catalog_cache import catalog_changed

    times, queries, statuses = [], [], set()
    for _ in range(repeat):
        catalog_changed()  # what every catalog write does: the cached counts and pages go
        with capture(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured.captured_queries))
        statuses.add(response.status_code)
    if not times:
        return {}
    row = {
        "cold_requests": len(times),
        "cold_status": sorted(statuses),
        **{f"cold_{key}": value for key, value in _percentiles(times).items()},
        "cold_queries": max(queries),
    }
    log(
        f"  {'':<28} {row['cold_p50_ms']:7.1f} {row['cold_p95_ms']:7.1f} ms  "
        f"{row['cold_queries']:>2} queries  (cold: after a catalog write)"
    )
    return row


# ---------------------------------------------------------------------------------------------
# (b) the cold workload: distinct random catalog URLs, as real visitors ask, over HTTP
# ---------------------------------------------------------------------------------------------

SEARCH_WORDS = [
    "protection",
    "civilians",
    "convoy",
    "gender",
    "mediation",
    "logistics",
    "observers",
    "medical",
    "mine action",
    "negotiation",
    "staff officers",
    "patrol",
    "checkpoint",
    "child protection",
    "human rights",
    "peacekeeping",
    "peacekeping",  # a typo
    "bao ve",  # Vietnamese without its marks
    "Bangkok",
    "Malaysia",
    "engineering",
    "casualty",
    "trainers",
    "workshop",
    "seminar",
]


def cold_urls(
    counts: dict[str, int], seed: int, seen: set[str] | None = None
) -> dict[str, list[str]]:
    """{kind: URLs}: `counts[kind]` catalog URLs of each kind, all distinct, and no two with
    the same filters (so no count is shared between them), none of `seen`: one facet, three
    facets, a ranked search (with a facet or not), and other pages (later pages, sorts)."""
    from django.utils import timezone

    from courses.models import Centre, Course, Language, Theme

    rng = random.Random(seed)  # noqa: S311 - a workload, not a secret
    today = timezone.localdate()
    values = {
        "theme": list(Theme.objects.values_list("slug", flat=True)),
        "centre": [slug for slug, *_ in CENTRES],
        "country": sorted({country for *_, country, _city in CENTRES}),
        "audience": ["military", "police", "civilian", "mixed"],
        "level": ["basic", "intermediate", "advanced", "training-of-trainers"],
        "language": list(Language.objects.values_list("code", flat=True)),
        "mode": ["in-person", "online", "blended"],
        "starts_after": [(today + datetime.timedelta(days=d)).isoformat() for d in range(400)],
        "starts_before": [(today + datetime.timedelta(days=d)).isoformat() for d in range(400)],
        "open_seats": ["1"],
    }
    del Centre  # the centres are the benchmark's own (CENTRES)
    seen = seen if seen is not None else set()
    result: dict[str, list[str]] = {kind: [] for kind in counts}

    def add(kind: str, params: list[tuple[str, str]], filters_only: bool = True) -> None:
        key = "&".join(f"{k}={v}" for k, v in sorted(params) if not filters_only or k != "page")
        if key in seen:
            return
        seen.add(key)
        result[kind].append("/courses/?" + urllib.parse.urlencode(params))

    names = list(values)
    while len(result.get("single facet", ())) < counts.get("single facet", 0):
        name = rng.choice(names)
        add("single facet", [(name, rng.choice(values[name]))])
    while len(result.get("three facets", ())) < counts.get("three facets", 0):
        picked = rng.sample(names, 3)
        if {"starts_after", "starts_before"} <= set(picked):
            continue  # a window is two dates: kept for the one-facet pages
        add("three facets", [(name, rng.choice(values[name])) for name in picked])
    while len(result.get("search", ())) < counts.get("search", 0):
        words = rng.sample(SEARCH_WORDS, rng.choice([1, 1, 2]))
        params = [("q", " ".join(words))]
        if rng.random() < 0.5:
            name = rng.choice(["theme", "centre", "level", "audience", "open_seats"])
            params.append((name, rng.choice(values[name])))
        add("search", params)
    last_page = max(2, Course.objects.published().count() // 20)
    # A small catalog has only so many pages (each in three orders) to ask for.
    taken = sum(1 for key in seen if key.startswith("page="))
    wanted = min(counts.get("other pages", 0), (last_page - 1) * 3 - taken)
    while len(result.get("other pages", ())) < wanted:
        params = [("page", str(rng.randint(2, last_page)))]
        if rng.random() < 0.5:
            params.append(("sort", rng.choice(["-created", "title"])))
        add("other pages", params, filters_only=False)
    return result


class Server:
    """gunicorn serving the bench database on loopback, as production does."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        env = dict(os.environ, BIND=f"127.0.0.1:{PORT}", WEB_CONCURRENCY=str(workers))
        env["GUNICORN_ACCESS_LOG"] = "/dev/null"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "apcn.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
        # Every worker opens its database connection, loads the facets' rows and compiles its
        # templates, as a server that has been up a while has (not counted). Distinct
        # addresses, so that each one builds a page rather than serving one kept for visitors.
        for n in range(workers * 3):
            _get(f"/courses/?page=1&warm-up={n}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _get(path: str) -> tuple[int, float]:
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        status = 0  # no answer in time: counted as such (HTTP 0), the run goes on
    return status, (time.perf_counter() - began) * 1000


class Writer(threading.Thread):
    """A catalog write every `interval` seconds, as trainers and approvals make them: the
    partner seats taken of a random upcoming offering move, which moves the catalog's version
    (every cached count and page is then cold)."""

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.writes = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg2

        conn = psycopg2.connect(f"{PG}/{DB_NAME}")
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM courses_offering WHERE partner_seats > 1 "
                    "AND status = 'scheduled' AND start_date > CURRENT_DATE LIMIT 500"
                )
                ids = [row[0] for row in cursor.fetchall()]
                rng = random.Random(11)  # noqa: S311
                while ids and not self.stopping.wait(self.interval):
                    cursor.execute(
                        "UPDATE courses_offering SET partner_seats_taken = "
                        "CASE WHEN partner_seats_taken = 0 THEN 1 ELSE 0 END WHERE id = %s",
                        [rng.choice(ids)],
                    )
                    self.writes += 1
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def run_workload(urls: dict[str, list[str]], *, writer: bool) -> dict:
    """Each URL once, in random order, one visitor at a time: p50/p95 per kind of page."""
    order = [(kind, url) for kind, kind_urls in urls.items() for url in kind_urls]
    random.Random(3).shuffle(order)  # noqa: S311
    background = Writer() if writer else None
    if background:
        background.start()
    times: dict[str, list[float]] = {kind: [] for kind in urls}
    statuses: dict[str, set[int]] = {kind: set() for kind in urls}
    began = time.perf_counter()
    try:
        for kind, url in order:
            status, ms = _get(url)
            times[kind].append(ms)
            statuses[kind].add(status)
    finally:
        if background:
            background.stop()
    result = {
        "writer": writer,
        "writes": background.writes if background else 0,
        "urls": len(order),
        "seconds": round(time.perf_counter() - began, 1),
        "kinds": {
            kind: {
                "requests": len(kind_times),
                "status": sorted(statuses[kind]),
                **_percentiles(kind_times),
            }
            for kind, kind_times in times.items()
        },
    }
    for kind, row in result["kinds"].items():
        log(
            f"  {kind:<14} p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f} ms  "
            f"HTTP {','.join(map(str, row['status']))}"
        )
    return result


WRK_SCRIPT = """
local urls = {}
for line in io.lines(os.getenv("BENCH_URLS")) do urls[#urls + 1] = line end
local threads, n = 0, 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  n = 0
end
function request()
  -- Thread k asks URLs k, k + 2, k + 4 ...: no URL twice while the list lasts.
  local i = (offset + n * 2) % #urls + 1
  n = n + 1
  return wrk.format("GET", urls[i])
end
"""


def measure_throughput(seconds: int, urls: dict[str, list[str]], server: Server) -> dict:
    """Requests per second of the catalog against a minimal one-query view, under wrk: warm (a
    few URLs asked over and over) and cold (distinct URLs, none asked twice)."""
    wrk = shutil.which("wrk")
    if not wrk:
        return {"error": "wrk is not installed (apt-get install wrk; make bench does it)"}
    result = {"workers": server.workers, "seconds": seconds, "connections": 4}
    every = [url for kind_urls in urls.values() for url in kind_urls]
    random.Random(5).shuffle(every)  # noqa: S311
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "urls.lua"
        script.write_text(WRK_SCRIPT)
        lists = {"warm": every[:20], "cold": every}
        for key in ("minimal", "warm", "cold"):
            env = dict(os.environ)
            if key != "minimal":
                url_file = Path(scratch) / f"{key}.txt"
                url_file.write_text("\n".join(lists[key]) + "\n")
                env["BENCH_URLS"] = str(url_file)
            if key == "warm":
                _wrk(wrk, script, "/", 2, env)  # not counted: the cache fills
            run = _wrk(wrk, script if key != "minimal" else None, "/bench/minimal", seconds, env)
            rps = float(re.search(r"Requests/sec:\s*([\d.]+)", run.stdout).group(1))
            total = int(re.search(r"(\d+) requests in", run.stdout).group(1))
            non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", run.stdout)
            result[f"{key}_rps"] = round(rps, 1)
            result[f"{key}_requests"] = total
            result[f"{key}_non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
            log(f"  {key:<8} {rps:8.1f} requests/s ({total} requests)")
    result["ratio_warm"] = round(result["warm_rps"] / result["minimal_rps"], 3)
    result["ratio_cold"] = round(result["cold_rps"] / result["minimal_rps"], 3)
    # The cold run must not have come back round its list (it would be warm from there).
    result["cold_distinct"] = result["cold_requests"] <= len(every)
    return result


def _wrk(wrk: str, script, path: str, seconds: int, env: dict) -> subprocess.CompletedProcess:
    command = [wrk, "-t2", "-c4", f"-d{seconds}s", "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    return subprocess.run(  # noqa: S603
        [*command, f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")
        time.sleep(0.2)


# ---------------------------------------------------------------------------------------------
# (d) 50 concurrent approvals on one offering
# ---------------------------------------------------------------------------------------------


def _fallback_approve(*, seat_request_id: int, by) -> bool:
    """Approve one seat request the way the exchange service must: row lock, then check."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from courses.models import Offering, SeatRequest

    with transaction.atomic():
        seat_request = SeatRequest.objects.select_for_update().get(pk=seat_request_id)
        offering = Offering.objects.select_for_update().get(pk=seat_request.offering_id)
        if offering.partner_seats_taken + seat_request.seats_requested > offering.partner_seats:
            return False
        Offering.objects.filter(pk=offering.pk).update(
            partner_seats_taken=F("partner_seats_taken") + seat_request.seats_requested
        )
        seat_request.status = "approved"
        seat_request.seats_approved = seat_request.seats_requested
        seat_request.decided_by = by
        seat_request.decided_at = timezone.now()
        seat_request.save()
        return True


def _approver():
    """The product's approve service when the exchange has landed, else the fallback above."""
    try:
        from courses.services import exchange  # type: ignore[attr-defined]
    except ImportError:
        exchange = None
    approve_service = getattr(exchange, "seat_request_approve", None)
    if approve_service is None:
        return "fallback: row lock on Offering (exchange service not merged yet)", _fallback_approve

    from courses.exceptions import DomainError
    from courses.models import SeatRequest

    def approve(*, seat_request_id: int, by) -> bool:
        try:
            approve_service(seat_request=SeatRequest.objects.get(pk=seat_request_id), by=by)
        except DomainError:
            return False  # refused: no seats left
        return True

    return "courses.services.exchange.seat_request_approve", approve


def _submit(*, offering, centre, by) -> int:
    """One seat requested by `centre`, through the product's service when it exists."""
    from courses.models import SeatRequest

    try:
        from courses.services.exchange import seat_request_submit  # type: ignore[attr-defined]
    except ImportError:
        seat_request_submit = None
    if seat_request_submit is not None:
        return seat_request_submit(
            offering=offering,
            centre=centre,
            by=by,
            seats_requested=1,
            participant_profile="1 captain",
        ).pk
    return SeatRequest.objects.create(
        offering=offering, requesting_centre=centre, requested_by=by, seats_requested=1
    ).pk


def free_connections() -> int:
    """How many more connections PostgreSQL would take now (others use the server too)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int "
            "- current_setting('superuser_reserved_connections')::int "
            "- (SELECT count(*) FROM pg_stat_activity)"
        )
        return cursor.fetchone()[0]


def measure_approvals(n: int = 50, partner_seats: int = 20) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.db.models import Sum
    from django.utils import timezone

    from courses.models import Centre, CentreRole, Course, Membership, Offering, SeatRequest

    # Never every connection of the server: leave a quarter of what is free to the others.
    n = max(2, min(n, free_connections() * 3 // 4))

    host = Centre.objects.get(slug="mpc")
    course = Course.objects.filter(centre=host, status="published").first()
    User = get_user_model()
    approver = _bench_admin(host)
    begins = timezone.localdate() + datetime.timedelta(days=90)
    offering = Offering.objects.create(
        course=course,
        start_date=begins,
        end_date=begins + datetime.timedelta(days=4),
        city=host.city,
        country=host.country,
        application_deadline=begins - datetime.timedelta(days=30),
        seats_total=40,
        partner_seats=partner_seats,
    )
    requests = []
    for i in range(n):
        partner, _ = Centre.objects.get_or_create(
            slug=f"bench-partner-{i}",
            defaults={
                "name": f"Benchmark Partner Centre {i}",
                "short_name": f"BP{i}",
                "country": "SG",
                "city": "Singapore",
            },
        )
        trainer, _ = User.objects.get_or_create(username=f"bench-partner-{i}-trainer")
        Membership.objects.get_or_create(
            user=trainer, defaults={"centre": partner, "role": CentreRole.TRAINER}
        )
        requests.append(_submit(offering=offering, centre=partner, by=trainer))
    connection.close()
    label, approve = _approver()
    barrier = threading.Barrier(n)
    outcomes: list[object] = []

    def worker(seat_request_id: int) -> None:
        try:
            barrier.wait()
            outcomes.append(approve(seat_request_id=seat_request_id, by=approver))
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in requests]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    offering.refresh_from_db()
    approved = SeatRequest.objects.filter(offering=offering, status="approved")
    seats = approved.aggregate(total=Sum("seats_approved"))["total"] or 0
    errors = [repr(o) for o in outcomes if isinstance(o, Exception)]
    result = {
        "service": label,
        "concurrent": n,
        "partner_seats": partner_seats,
        "approved": approved.count(),
        "seats_approved": seats,
        "partner_seats_taken": offering.partner_seats_taken,
        "overbooked": max(0, seats - partner_seats, offering.partner_seats_taken - partner_seats),
        "counter_matches": seats == offering.partner_seats_taken,
        "seconds": round(elapsed, 3),
        "decisions_per_s": round(n / elapsed, 1),
        "approvals_per_s": round(approved.count() / elapsed, 1),
        "errors": errors[:5],
        "error_count": len(errors),
    }
    log(
        f"  {label}: {result['approved']} approved of {n} for {partner_seats} seats, "
        f"overbooked {result['overbooked']}, {result['decisions_per_s']} decisions/s, "
        f"{len(errors)} errors"
    )
    _clean_up(offering)
    return result


def _bench_admin(host):
    """The host centre's admin who decides the benchmark's requests (made when missing)."""
    from django.contrib.auth import get_user_model

    from courses.models import CentreRole, Membership

    approver, _ = get_user_model().objects.get_or_create(
        username="bench-mpc-admin", defaults={"is_staff": True}
    )
    Membership.objects.get_or_create(
        user=approver, defaults={"centre": host, "role": CentreRole.CENTRE_ADMIN}
    )
    return approver


def _clean_up(offering) -> None:
    """Leave the catalog as it was: no benchmark centre, account, offering or request stays."""
    from django.contrib.auth import get_user_model

    from courses.models import Centre, Membership, SeatRequest

    SeatRequest.objects.filter(offering=offering).delete()
    offering.delete()
    partners = Centre.objects.filter(slug__startswith="bench-partner-")
    Membership.objects.filter(centre__in=partners).delete()
    get_user_model().objects.filter(username__startswith="bench-").delete()
    partners.delete()


def measure_promotions(holders: int = 20, waiting: int = 50, runners: int = 30) -> dict:
    """(e) Waiting lists that move: `holders` approved one-seat requests fill the partner seats,
    `waiting` wait; the holders all withdraw at once while `runners` threads move the waitlist
    on demand. Promotions a second, seats overbooked (must be 0), promotions out of order."""
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.db.models import Sum
    from django.utils import timezone

    from courses.models import Centre, CentreRole, Course, Membership, Offering, SeatRequest
    from courses.services.exchange import (
        seat_request_approve,
        seat_request_waitlist,
        seat_request_withdraw,
        waitlist_promote,
    )

    host = Centre.objects.get(slug="mpc")
    course = Course.objects.filter(centre=host, status="published").first()
    User = get_user_model()
    approver = _bench_admin(host)
    begins = timezone.localdate() + datetime.timedelta(days=91)
    offering = Offering.objects.create(
        course=course,
        start_date=begins,
        end_date=begins + datetime.timedelta(days=4),
        city=host.city,
        country=host.country,
        application_deadline=begins - datetime.timedelta(days=30),
        seats_total=40,
        partner_seats=holders,
    )
    requests = []
    for i in range(holders + waiting):
        partner, _ = Centre.objects.get_or_create(
            slug=f"bench-partner-{i}",
            defaults={
                "name": f"Benchmark Partner Centre {i}",
                "short_name": f"BP{i}",
                "country": "SG",
                "city": "Singapore",
            },
        )
        trainer, _ = User.objects.get_or_create(username=f"bench-partner-{i}-trainer")
        Membership.objects.get_or_create(
            user=trainer, defaults={"centre": partner, "role": CentreRole.TRAINER}
        )
        seat_request = SeatRequest.objects.get(
            pk=_submit(offering=offering, centre=partner, by=trainer)
        )
        if i < holders:
            seat_request_approve(seat_request=seat_request, by=approver)
        else:
            seat_request_waitlist(seat_request=seat_request, by=approver)
        requests.append((seat_request, trainer))
    order = [r.pk for r, _ in requests[holders:]]
    connection.close()
    jobs = [
        lambda r=r, t=t: seat_request_withdraw(seat_request=r, by=t) for r, t in requests[:holders]
    ] + [lambda: waitlist_promote(offering=offering, by=approver) for _ in range(runners)]
    barrier = threading.Barrier(len(jobs))
    errors: list[str] = []

    def worker(job) -> None:
        try:
            barrier.wait()
            job()
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    offering.refresh_from_db()
    approved = SeatRequest.objects.filter(offering=offering, status="approved")
    seats = approved.aggregate(total=Sum("seats_approved"))["total"] or 0
    promoted = list(
        SeatRequest.objects.filter(offering=offering, events__action="promote")
        .order_by("events__pk")
        .values_list("pk", flat=True)
    )
    result = {
        "concurrent": len(jobs),
        "partner_seats": holders,
        "promoted": len(promoted),
        "overbooked": max(0, seats - holders, offering.partner_seats_taken - holders),
        "out_of_order": int(promoted != order[: len(promoted)]),
        "seconds": round(elapsed, 3),
        "promotions_per_s": round(len(promoted) / elapsed, 1),
        "errors": errors[:5],
        "error_count": len(errors),
    }
    log(
        f"  {result['promoted']} promoted, overbooked {result['overbooked']}, "
        f"out of order {result['out_of_order']}, {result['promotions_per_s']} promotions/s"
    )
    _clean_up(offering)
    return result


# ---------------------------------------------------------------------------------------------


def _target(size: int, kind: str) -> float:
    if size <= SMALL_CATALOG:
        return TARGETS["small_catalog_p95_ms"]
    return {
        "three facets": TARGETS["three_facets_p95_ms"],
        "search": TARGETS["search_p95_ms"],
    }.get(kind, TARGETS["single_facet_p95_ms"])


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def print_table(report: dict) -> None:
    print()
    print("APCN catalog benchmark (PostgreSQL, cold distinct URLs unless said)")
    print(f"cache: {report['cache']}; machine load average at the end: {report['load_average']}")
    for run in report["runs"]:
        size = run["courses"]
        print()
        print(f"== {run['data']}")
        alone, busy = run["cold"], run["cold_with_writer"]
        print(
            f"{'page kind':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}   "
            f"{'with writer: p50':>17}{'p95 ms':>9}   {'target p95':<12}verdict"
        )
        for kind, row in alone["kinds"].items():
            other = busy["kinds"][kind]
            target = _target(size, kind)
            statuses = sorted(set(row["status"]) | set(other["status"]))
            verdict = _verdict(row["p95_ms"] <= target and other["p95_ms"] <= target)
            if statuses != [200]:
                verdict += f" (HTTP {statuses})"
            print(
                f"{kind:<16}{row['requests']:>9}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}   "
                f"{other['p50_ms']:>17.1f}{other['p95_ms']:>9.1f}   {'<= ' + str(int(target)) + ' ms':<12}"
                f"{verdict}"
            )
        print(
            f"{alone['urls']} + {busy['urls']} distinct URLs; the writer made {busy['writes']} "
            "catalog writes during its run (each one makes every cached page cold)"
        )
        queries = max(
            r.get("cold_queries", r["queries"])
            for r in run["pages"]
            if r["group"] not in ("detail", "api")
        )
        print(
            f"queries per catalog page (in-process, after a write, max): {queries} "
            f"(target <= {TARGETS['queries_per_page']}): {_verdict(queries <= TARGETS['queries_per_page'])}"
        )
        tp = run["throughput"]
        if "ratio_warm" in tp:
            print(
                f"throughput vs the minimal view ({tp['minimal_rps']}/s; gunicorn {tp['workers']} "
                f"workers, wrk {tp['connections']} connections, {tp['seconds']} s): "
                f"warm {tp['warm_rps']}/s = {tp['ratio_warm']} (target >= "
                f"{TARGETS['throughput_ratio_warm']}): {_verdict(tp['ratio_warm'] >= TARGETS['throughput_ratio_warm'])}; "
                f"cold {tp['cold_rps']}/s = {tp['ratio_cold']} (target >= "
                f"{TARGETS['throughput_ratio_cold']}): {_verdict(tp['ratio_cold'] >= TARGETS['throughput_ratio_cold'])}"
                + ("" if tp["cold_distinct"] else " (the cold list ran out: some repeats)")
            )
        else:
            print(f"throughput: {tp}")
        ap = run["approvals"]
        print(
            f"approvals: {ap['concurrent']} concurrent on one offering with {ap['partner_seats']} "
            f"partner seats -> {ap['approved']} approved, overbooked {ap['overbooked']} (must be 0): "
            f"{_verdict(ap['overbooked'] == 0)}; {ap['decisions_per_s']} decisions/s [{ap['service']}]"
        )
        pr = run.get("promotions")
        if pr:
            print(
                f"promotions: {pr['concurrent']} concurrent withdrawals and waitlist moves, "
                f"{pr['partner_seats']} partner seats -> {pr['promoted']} promoted, overbooked "
                f"{pr['overbooked']} (must be 0), out of order {pr['out_of_order']}, "
                f"{pr['promotions_per_s']} promotions/s"
            )
    print()
    print(f"total {report['seconds']:.0f} s; JSON: {report['json']}")


def drop_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "10000,100000"),
        help="catalog sizes, comma-separated (e.g. 300000 when asked)",
    )
    parser.add_argument("--offerings-per-course", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an existing apcn_bench")
    parser.add_argument("--keep", action="store_true", help="do not drop apcn_bench at the end")
    parser.add_argument("--urls", type=int, default=100, help="cold URLs per kind of page")
    parser.add_argument("--repeat", type=int, default=10, help="warm requests per page scenario")
    parser.add_argument("--cold", type=int, default=5, help="requests after a write per page")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    configure_environment()
    import django

    django.setup()
    # Django's own loggers would print every expected 404 of a page that is not built yet.
    logging.getLogger("django").setLevel(logging.ERROR)
    from django.db import connection

    runs = []
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    try:
        for size in sizes:
            if not args.reuse:
                build(size, args.offerings_per_course)
            else:
                from django.core.management import call_command

                call_command("collectstatic", verbosity=0, interactive=False)
            fresh_cache_prefix(size)
            runs.append(measure(size, args))
            connection.close()
    finally:
        connection.close()
        if not args.keep and not args.reuse:
            drop_database()

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cache": os.environ.get("CACHE_URL", "per-process (locmem)"),
        "load_average": os.getloadavg(),
        "targets": TARGETS,
        "runs": runs,
        "seconds": round(time.perf_counter() - started, 1),
        "json": str(path.relative_to(ROOT)),
    }
    path.write_text(json.dumps(report, indent=2))
    print_table(report)


def measure(size: int, args: argparse.Namespace) -> dict:
    from courses.models import Course, Offering

    data = f"{Course.objects.count():,} courses, {Offering.objects.count():,} offerings"
    log(f"{data}: queries per page, in-process (warm, then after a catalog write)")
    pages = measure_pages(args.repeat, args.cold)
    # gunicorn's workers: one per core and one more, never more than the free connections.
    workers = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 1) + 1)))
    workers = max(1, min(workers, free_connections() // 4))
    server = Server(workers)
    try:
        seen: set[str] = set()
        kinds = dict.fromkeys(("single facet", "three facets", "search", "other pages"), args.urls)
        log(f"cold workload: {4 * args.urls} distinct URLs, one visitor, no writer")
        cold = run_workload(cold_urls(kinds, seed=size, seen=seen), writer=False)
        log(f"cold workload: {4 * args.urls} more distinct URLs, with a writer (2 writes/s)")
        busy = run_workload(cold_urls(kinds, seed=size + 1, seen=seen), writer=True)
        log("throughput under wrk: minimal view, warm catalog, cold catalog (distinct URLs)")
        many = {"three facets": 3000, "search": 600, "other pages": 300, "single facet": 200}
        throughput = measure_throughput(
            args.wrk_seconds, cold_urls(many, seed=size + 2, seen=seen), server
        )
    finally:
        server.stop()
    log("concurrent approvals")
    approvals = measure_approvals()
    log("waiting lists that move")
    promotions = measure_promotions()
    return {
        "courses": size,
        "data": data,
        "pages": pages,
        "cold": cold,
        "cold_with_writer": busy,
        "throughput": throughput,
        "approvals": approvals,
        "promotions": promotions,
    }


if __name__ == "__main__":
    main()
