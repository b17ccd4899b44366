"""Free-text search of courses, for the network's languages, on both databases.

A search is case- and diacritic-insensitive ("bao ve thuong dan" and "BẢO VỆ" find "Bảo vệ
thường dân"), finds a word inside Thai text (Thai writes no spaces between words), searches
the centre's name and acronym, the cities of the course's runs and, by name, the countries of
its centre and runs (which PostgreSQL keeps on the course, `country_codes`, migration 0030).
Every word must match. The documents are kept by the database's triggers
(migration 0012) on every write:

- PostgreSQL: `Course.search_vector` (unaccented: the words of the title, summary, centre,
  cities and description and their English stems, without positions or weights, migration
  0028) for whole words, and
  `search_text` (unaccented, lower case, with a trigram index) for a word inside a longer one
  and, when nothing matches otherwise, for typos (each word corrected to the closest word of
  the courses' texts, `pg_trgm`'s similarity over a table of their words). Matches are
  found in the two indexes alone; they rank by where the words are (title first, then summary,
  centre and cities, then the description), read from the short text, so that ranking 20,000
  matches costs no more than finding them.
- SQLite: two FTS5 tables, `courses_course_words` (words with diacritics removed, ranked with
  bm25) and `courses_course_trigrams` (any piece of three characters or more).

Another database falls back to matching the fields case-insensitively.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet, Value
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
    """The courses whose centre, or one of whose scheduled runs, is in one of `codes`.

    PostgreSQL keeps each course's countries (`country_codes`, migration 0030) in an index
    that it reads together with the words' indexes; asked of the centre and the runs, it
    checked every course of the catalog in turn (a search for a country's name at 100k
    courses: 363-465 ms a page before, 110-198 after)."""
    if connection.vendor == "postgresql":
        table = Course._meta.db_table
        return Q(_raw(f"{table}.country_codes && %s::text[]", (sorted(codes),), BooleanField()))
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


def _search_postgresql(
    queryset: QuerySet[Course], words: list[str], *, corrected: bool = False
) -> QuerySet[Course]:
    table = Course._meta.db_table
    phrase = " ".join(words)
    # Whole words anywhere (the document, description included) ...
    whole = _raw(f"{table}.search_vector @@ {TSQUERY}", (phrase, phrase), BooleanField())
    # ... or each word inside the title, summary, centre or cities (Thai, parts of words), or a
    # country's name. The planner reads both from their indexes, or, when another filter
    # narrows the catalog more, checks them on that filter's courses.
    pieces = Q()
    for word in words:
        piece = Q(
            _raw(f"{table}.search_text LIKE %s", (f"%{_like_escape(word)}%",), BooleanField())
        )
        if codes := countries_named(word):
            piece |= _in_country(codes)
        pieces &= piece
    exact = Q(whole) | pieces

    # A correction's words are words of the courses' texts: they match, as written.
    found, stems = (
        (True, ()) if corrected else cached(("search-probe", tuple(words)), lambda: _probe(words))
    )
    if found:
        return queryset.filter(exact).annotate(rank=_title_first(words, stems))
    # When nothing matches so, a typo: each word unknown to the courses' texts is read as the
    # closest word they hold (pg_trgm's similarity, from the words' trigram index), and those
    # are searched instead. A word with nothing close enough finds nothing.
    corrections = cached(("search-correct", tuple(words)), lambda: _corrected(words))
    if corrections is None or corrections == words:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return _search_postgresql(queryset, corrections, corrected=True)


# How close a word of the courses' texts must be to a word searched to stand in for it.
MIN_SIMILARITY = 0.4


def _corrected(words: list[str]) -> list[str] | None:
    """`words`, each replaced by the most similar word of the courses' short texts (itself when
    they hold it), or None when one of them has none close enough. One query."""
    selects = " UNION ALL ".join(
        "(SELECT %s::int, word FROM courses_search_word WHERE word %% %s "
        "AND similarity(word, %s) >= %s ORDER BY similarity(word, %s) DESC, word LIMIT 1)"
        for _word in words
    )
    params: list = []
    for i, word in enumerate(words):
        params += [i, word, word, MIN_SIMILARITY, word]
    with connection.cursor() as cursor:
        cursor.execute(selects, params)
        found = dict(cursor.fetchall())
    if len(found) < len(words):
        return None
    return [found[i] for i in range(len(words))]


def _probe(words: list[str]) -> tuple[bool, tuple[str, ...]]:
    """Whether any course holds the words (as words, inside the short text, or as a country),
    and their English stems ("convoys" gives "convoy"), in one query. Asked once per search and
    catalog version: a page narrows by the search four times. The words are looked up in the
    indexes (`apcn_search_probe`, migration 0022), so that a search nothing matches costs no
    more than one that matches."""
    phrase = " ".join(words)
    patterns = [f"%{_like_escape(word)}%" for word in words]
    countries = Q()
    for word in words:
        if codes := countries_named(word):
            countries |= _in_country(codes)
    sql, params = "apcn_search_probe(%s, %s)", [phrase, patterns]
    if countries:  # a word that names a country: does any course match in another way?
        in_country = Course.objects.filter(countries).order_by().values("pk")
        country_sql, country_params = in_country.query.sql_with_params()
        sql = f"({sql} OR EXISTS ({country_sql}))"
        params += country_params
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql}, tsvector_to_array(to_tsvector('english', %s))",
            [*params, phrase],
        )
        found, stems = cursor.fetchone()
    return bool(found), tuple(stems)


def _title_first(words: list[str], stems: tuple[str, ...]) -> RawSQL:
    """The rank of a match: each word (or its stem) found in the title counts 2, in the summary,
    the centre's name or a city 1, only in the description 0. Read from the course's short
    folded text (which begins with its title), not from its whole document, so ranking costs
    no more than matching; ties go to the soonest run.

    A word holds no space, so it is in the title when it is in the text's first characters,
    as many as the title has: two plain LIKEs, which PostgreSQL checks in half the time of
    finding the word's position and comparing it (14.7 ms against 8.0 for a word in 8,000
    courses)."""
    table = Course._meta.db_table
    terms = sorted({*words, *(stem for stem in stems if len(stem) >= MIN_TRIGRAM)})
    text = f"{table}.search_text"
    title = f"left({text}, char_length({table}.title))"
    parts, params = [], []
    for term in terms:
        parts.append(f"(({text} LIKE %s)::int + ({title} LIKE %s)::int)")
        pattern = f"%{_like_escape(term)}%"
        params += [pattern, pattern]
    return _raw(" + ".join(parts) or "0", tuple(params), FloatField())


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
