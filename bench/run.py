"""Benchmark of the catalog on PostgreSQL: `make bench` (or `.venv/bin/python bench/run.py`).

1. Builds a dedicated database (`apcn_bench`, dropped first) with 100k courses and 300k offerings
   across the member centres, all themes and languages (bulk inserts, progress shown), fills the
   stored search documents through the product's own code, and runs ANALYZE.
2. Measures, in one run:
   (a) SQL queries per catalog page,
   (b) p50/p95 server time of the catalog (no filter, each single facet, three facets, ranked
       text search) and of the course detail page, in-process with Django's test client: warm
       (the same page asked again, as most visitors ask for it: counts and rendered results come
       from the catalog cache) and cold (the first request after a catalog write, which counts
       and renders everything afresh),
   (c) requests per second of the catalog against a minimal one-query Django view, both served
       by gunicorn on 127.0.0.1 and loaded by `wrk`, as a ratio,
   (d) 50 concurrent approvals on one offering: seats overbooked (must be 0), approvals per second.
3. Prints a table and writes JSON to bench/results/.

Options: --courses N --offerings-per-course N --reuse (keep an existing apcn_bench database)
--repeat N (warm requests per scenario) --cold N (cold requests per scenario) --wrk-seconds N.
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
TARGETS = {
    "single_facet_p95_ms": 50.0,
    "search_p95_ms": 80.0,
    "queries_per_page": 8,
    "throughput_ratio": 0.25,
    "overbooked": 0,
}

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
    from courses.models.catalog import link_key
    from courses.search import refresh_search_vectors

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
                    un_recognised=rng.random() < 0.3,
                    status=status,
                    created_by=creators[centre.pk],
                    created_at=now - datetime.timedelta(minutes=i),
                    updated_at=now,
                    # What the course services store beside the links (`link_key`).
                    theme_key=link_key(theme_ids),
                    language_key=link_key(language_ids),
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
        made_courses += len(courses)
        made_offerings += len(offerings)
        elapsed = time.perf_counter() - started
        log(f"  {made_courses:>7,} courses, {made_offerings:>7,} offerings ({elapsed:5.1f} s)")

    log("storing each course's next offering and run dates (the daily refresh_next_offerings)")
    call_command("refresh_next_offerings", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM courses_course")  # the next update reuses the space
    log("filling the stored search documents (courses.search.refresh_search_vectors)")
    for centre in centres:
        refresh_search_vectors(centre=centre)
    log("REINDEX courses_course, VACUUM ANALYZE")
    with connection.cursor() as cursor:
        # The two passes above wrote every course row again, which leaves each index of the
        # table twice its size; a live catalog's rows are written one at a time.
        cursor.execute("REINDEX TABLE courses_course")
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
# (c) throughput against a minimal view, gunicorn on loopback, loaded by wrk
# ---------------------------------------------------------------------------------------------


def measure_throughput(seconds: int) -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        return {"error": "wrk is not installed (apt-get install wrk; make bench does it)"}
    workers = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    env = dict(os.environ, BIND=f"127.0.0.1:{PORT}", WEB_CONCURRENCY=str(workers))
    env["GUNICORN_ACCESS_LOG"] = "/dev/null"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "apcn.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/healthz")
        result = {"workers": workers, "seconds": seconds, "connections": 8}
        for key, path in (("catalog", "/courses/"), ("minimal", "/bench/minimal")):
            # A short run first, not counted: every worker process opens its database
            # connection and fills its own cache, as a server that has been up a while has.
            _wrk(wrk, path, 2)
            run = _wrk(wrk, path, seconds)
            rps = float(re.search(r"Requests/sec:\s*([\d.]+)", run.stdout).group(1))
            non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", run.stdout)
            result[f"{key}_rps"] = round(rps, 1)
            result[f"{key}_non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
            log(f"  {path:<16} {rps:8.1f} requests/s")
        result["ratio"] = round(result["catalog_rps"] / result["minimal_rps"], 3)
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def _wrk(wrk: str, path: str, seconds: int) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [wrk, "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
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


def measure_approvals(n: int = 50, partner_seats: int = 20) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.db.models import Sum
    from django.utils import timezone

    from courses.models import Centre, CentreRole, Course, Membership, Offering, SeatRequest

    host = Centre.objects.get(slug="mpc")
    course = Course.objects.filter(centre=host, status="published").first()
    User = get_user_model()
    approver, _ = User.objects.get_or_create(
        username="bench-mpc-admin", defaults={"is_staff": True}
    )
    Membership.objects.get_or_create(
        user=approver, defaults={"centre": host, "role": CentreRole.CENTRE_ADMIN}
    )
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
    return result


# ---------------------------------------------------------------------------------------------


def print_table(report: dict) -> None:
    pages = report["pages"]
    print()
    print("APCN catalog benchmark —", report["data"])
    print(f"{'':<30}{'---------- warm ----------':>27}  {'---------- cold ----------':>27}")
    print(
        f"{'page':<30}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}  {'p50 ms':>9}{'p95 ms':>9}"
        f"{'queries':>9}  {'target':<16}verdict (warm / cold)"
    )
    print("-" * 128)
    for row in pages:
        target = _target_of(row)
        verdicts = []
        for prefix in ("", "cold_"):
            if f"{prefix}p95_ms" not in row or target is None:
                verdicts.append("-")
                continue
            ok = "ok" if row[f"{prefix}p95_ms"] <= target else "MISSED"
            if row[f"{prefix}queries"] > TARGETS["queries_per_page"] and row["group"] != "detail":
                ok = "MISSED (queries)"
            verdicts.append(ok)
        if row["status"] != [200] or row.get("cold_status", [200]) != [200]:
            verdicts = [f"HTTP {row['status']} / {row.get('cold_status', '-')}"]
        t = "" if target is None else f"p95 <= {target:.0f} ms"
        cold = (
            f"{row['cold_p50_ms']:>9.1f}{row['cold_p95_ms']:>9.1f}{row['cold_queries']:>9}"
            if "cold_p95_ms" in row
            else f"{'(no cache)':>27}"
        )
        print(
            f"{row['name']:<30}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['queries']:>9}  "
            f"{cold}  {t:<16}{' / '.join(verdicts)}"
        )
    print("-" * 128)
    catalog = [r for r in pages if r["group"] != "detail"]
    worst = max(max(r["queries"], r.get("cold_queries", 0)) for r in catalog)
    print(f"max queries per catalog page, warm or cold: {worst} (target <= 8)")
    tp = report["throughput"]
    if "ratio" in tp:
        print(
            f"throughput: catalog {tp['catalog_rps']}/s vs minimal view {tp['minimal_rps']}/s "
            f"= ratio {tp['ratio']} (target >= 0.25; gunicorn {tp['workers']} workers, wrk "
            f"{tp['connections']} connections, {tp['seconds']} s each after a 2 s warm-up)"
        )
    else:
        print(f"throughput: {tp}")
    ap = report["approvals"]
    print(
        f"approvals: {ap['concurrent']} concurrent on one offering with {ap['partner_seats']} "
        f"partner seats -> {ap['approved']} approved, overbooked {ap['overbooked']} (must be 0), "
        f"{ap['approvals_per_s']} approvals/s, {ap['decisions_per_s']} decisions/s [{ap['service']}]"
    )
    print(f"total {report['seconds']:.0f} s; JSON: {report['json']}")


def _target_of(row: dict) -> float | None:
    if row["group"] in {"facet", "none", "combined"}:
        return TARGETS["single_facet_p95_ms"] if row["group"] != "combined" else 80.0
    if row["group"] == "search":
        return TARGETS["search_p95_ms"]
    if row["group"] == "api":  # the API's catalog answers to the page's target
        return TARGETS["single_facet_p95_ms"]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--offerings-per-course", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an existing apcn_bench")
    parser.add_argument("--repeat", type=int, default=40, help="warm requests per page scenario")
    parser.add_argument("--cold", type=int, default=10, help="cold requests per page scenario")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    configure_environment()
    import django

    django.setup()
    # Django's own loggers would print every expected 404 of a page that is not built yet.
    logging.getLogger("django").setLevel(logging.ERROR)
    if not args.reuse:
        build(args.courses, args.offerings_per_course)
    else:
        from django.core.management import call_command

        call_command("collectstatic", verbosity=0, interactive=False)

    from courses.models import Course, Offering

    data = (
        f"{Course.objects.count():,} courses, {Offering.objects.count():,} offerings on PostgreSQL"
    )
    log("(a)+(b) pages, in-process (p50, p95, queries; warm, then cold after a catalog write)")
    pages = measure_pages(args.repeat, args.cold)
    log("(c) throughput: gunicorn on 127.0.0.1 and wrk")
    throughput = measure_throughput(args.wrk_seconds)
    log("(d) concurrent approvals")
    approvals = measure_approvals()

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "data": data,
        "targets": TARGETS,
        "pages": pages,
        "throughput": throughput,
        "approvals": approvals,
        "seconds": round(time.perf_counter() - started, 1),
        "json": str(path.relative_to(ROOT)),
    }
    path.write_text(json.dumps(report, indent=2))
    print_table(report)


if __name__ == "__main__":
    main()
