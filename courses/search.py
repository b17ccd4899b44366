"""Free-text search of courses, for the network's languages, on both databases.

A search is case- and diacritic-insensitive ("bao ve thuong dan" and "BẢO VỆ" find "Bảo vệ
thường dân"), finds a word inside Thai text (Thai writes no spaces between words), searches
the centre's name and acronym, the cities of the course's runs and, by name, the countries of
its centre and runs. Every word must match. The documents are kept by the database's triggers
(migration 0012) on every write:

- PostgreSQL: `Course.search_vector` (unaccented, weighted: title A; summary, centre and
  cities B; description C; the words and their English stems) for whole words, and
  `search_text` (unaccented, lower case, with a trigram index) for a word inside a longer one
  and, when nothing matches otherwise, for typos (`pg_trgm`'s word similarity). Ranked by
  `ts_rank` plus the word similarity.
- SQLite: two FTS5 tables, `courses_course_words` (words with diacritics removed, ranked with
  bm25) and `courses_course_trigrams` (any piece of three characters or more).

Another database falls back to matching the fields case-insensitively.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from .catalog_cache import cached
from .models import Course, Offering
from .models.centres import COUNTRY_NAMES

# A search of more words than this keeps the first ones: each word is one more condition.
MAX_WORDS = 8
# The words as written, or their English stems (the documents hold both).
TSQUERY = "(plainto_tsquery('simple', %s) || plainto_tsquery('english', %s))"
# Shorter pieces are no use to a trigram index (and match almost everything).
MIN_TRIGRAM = 3


def uses_full_text() -> bool:
    """Whether the database ranks matches (the catalog then offers "best match" first)."""
    return connection.vendor in ("postgresql", "sqlite")


def fold(text: str) -> str:
    """`text` as the search documents keep it: lower case, without the diacritics of Latin
    letters ("Bảo vệ" gives "bao ve", "đ" gives "d"). The marks of other scripts (Thai vowels
    and tones) are letters there and are kept, as PostgreSQL's `unaccent` keeps them."""
    kept: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")):
        if unicodedata.combining(char):
            if base_is_latin:
                continue
        else:
            base_is_latin = char.isascii()
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).casefold()


@lru_cache(maxsize=512)
def countries_named(word: str) -> tuple[str, ...]:
    """The codes of the countries whose name contains `word` ("indo" gives ID)."""
    if len(word) < MIN_TRIGRAM:
        return ()
    folded = fold(word)
    return tuple(code for code, name in COUNTRY_NAMES.items() if folded in fold(name))


def _in_country(codes: tuple[str, ...]) -> Q:
    runs = Offering.objects.filter(course_id=OuterRef("pk"), status="scheduled", country__in=codes)
    return Q(centre__country__in=codes) | Q(Exists(runs))


def _raw(sql: str, params: tuple, output_field: BooleanField | FloatField) -> RawSQL:
    # Every name in `sql` comes from the models; every value is a parameter.
    return RawSQL(sql, params, output_field=output_field)  # noqa: S611


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search_courses(queryset: QuerySet[Course], text: str) -> QuerySet[Course]:
    """Narrow `queryset` to courses matching every word of `text`, annotated with `rank` (higher
    is better) where the database ranks."""
    words = fold(" ".join(text.split())).split()[:MAX_WORDS]
    if not words:
        return queryset
    if not uses_full_text():
        return _search_plain(queryset, words)
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_sqlite(queryset, words)


def _search_postgresql(queryset: QuerySet[Course], words: list[str]) -> QuerySet[Course]:
    table = Course._meta.db_table
    phrase = " ".join(words)
    # Whole words anywhere (the weighted document, description included) ...
    whole = _raw(
        f"{table}.search_vector @@ {TSQUERY}",
        (phrase, phrase),
        BooleanField(),
    )
    # ... or each word inside the title, summary, centre or cities (Thai, parts of words) or
    # a country's name ...
    pieces = Q()
    for word in words:
        piece = Q(
            _raw(
                f"{table}.search_text LIKE %s",
                (f"%{_like_escape(word)}%",),
                BooleanField(),
            )
        )
        if codes := countries_named(word):
            piece |= _in_country(codes)
        pieces &= piece
    # When nothing matches so, a typo: close enough to a word of them (pg_trgm's word
    # similarity, 0.6). Only then: it is computed for every course, not read from an index.
    similar = _raw(
        f"%s <%% {table}.search_text",
        (phrase,),
        BooleanField(),
    )
    rank = _raw(
        f"ts_rank({table}.search_vector, {TSQUERY}) + word_similarity(%s, {table}.search_text)",
        (phrase, phrase, phrase),
        FloatField(),
    )
    exact = Q(whole) | pieces

    def any_exact() -> bool:
        return Course.objects.filter(exact).exists()

    # Asked once per search and catalog version (a page narrows by the search four times).
    if cached(("search-exact", tuple(words)), any_exact):
        return queryset.filter(exact).annotate(rank=rank)
    return queryset.filter(similar).annotate(rank=rank)


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_sqlite(queryset: QuerySet[Course], words: list[str]) -> QuerySet[Course]:
    table = Course._meta.db_table
    matches = Q()
    for word in words:
        match = Q(
            _raw(
                f"{table}.id IN (SELECT rowid FROM courses_course_words "  # noqa: S608
                "WHERE courses_course_words MATCH %s)",
                (_fts_phrase(word) + "*",),
                BooleanField(),
            )
        )
        if len(word) >= MIN_TRIGRAM:
            match |= Q(
                _raw(
                    f"{table}.id IN (SELECT rowid FROM courses_course_trigrams "  # noqa: S608
                    "WHERE courses_course_trigrams MATCH %s)",
                    (_fts_phrase(word),),
                    BooleanField(),
                )
            )
        if codes := countries_named(word):
            match |= _in_country(codes)
        matches &= match
    # bm25 is smaller for a better match; title counts most, then summary, centre and cities.
    any_word = " OR ".join(_fts_phrase(word) + "*" for word in words)
    rank = _raw(
        "coalesce((SELECT -bm25(courses_course_words, 10.0, 4.0, 1.0) FROM courses_course_words "  # noqa: S608
        f"WHERE courses_course_words MATCH %s AND rowid = {table}.id), 0)",
        (any_word,),
        FloatField(),
    )
    return queryset.filter(matches).annotate(rank=rank)


def _search_plain(queryset: QuerySet[Course], words: list[str]) -> QuerySet[Course]:
    matches = Q()
    for word in words:
        matches &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(centre__name__icontains=word)
            | Q(centre__short_name__icontains=word)
        )
    return queryset.filter(matches)
