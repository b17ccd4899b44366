"""What the evaluations say: averages and distributions, only from enough answers to be anonymous.

Below EVALUATION_MIN_ANSWERS answers (3 by default) nothing but the count is computed: with one
or two answers a host who knows who came could tell who said what. The same rule holds for the
host's offering page and for the network's groups (per course, per theme).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import CourseStatus, EvaluationAnswer, EvaluationInvitation, Offering, Theme
from .models.evaluations import SCORE_FIELDS, SCORE_RANGE

QUESTION_LABELS: dict[str, Promise] = {
    "relevance": _("Relevance to your work"),
    "content": _("Content"),
    "instructors": _("Instructors"),
    "organisation": _("Organisation"),
}


def min_answers() -> int:
    return max(1, settings.EVALUATION_MIN_ANSWERS)


@dataclass
class Question:
    """One question's figures: the average and how many answered each score from 1 to 5."""

    key: str
    label: Promise
    average: float
    distribution: list[tuple[int, int]]  # (score, answers)


@dataclass
class OfferingEvaluation:
    invited: int
    answered: int
    threshold: int
    questions: list[Question] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.answered >= self.threshold


def offering_evaluation(offering: Offering) -> OfferingEvaluation:
    """The evaluation of `offering` as its host reads it (figures only from the threshold on)."""
    answers = EvaluationAnswer.objects.filter(offering=offering)
    result = OfferingEvaluation(
        invited=EvaluationInvitation.objects.filter(offering=offering).count(),
        answered=answers.count(),
        threshold=min_answers(),
    )
    if not result.shown:
        return result
    sums = answers.aggregate(
        **{f"{name}_avg": Avg(name) for name in SCORE_FIELDS},
        **{
            f"{name}_{score}": Count("pk", filter=Q(**{name: score}))
            for name in SCORE_FIELDS
            for score in SCORE_RANGE
        },
    )
    result.questions = [
        Question(
            key=name,
            label=QUESTION_LABELS[name],
            average=float(sums[f"{name}_avg"]),
            distribution=[(score, sums[f"{name}_{score}"]) for score in SCORE_RANGE],
        )
        for name in SCORE_FIELDS
    ]
    # In a fixed order that says nothing of who answered first.
    texts = list(answers.values_list("keep", "change"))
    result.keep = sorted(keep for keep, _change in texts if keep)
    result.change = sorted(change for _keep, change in texts if change)
    return result


@dataclass
class Group:
    """A course or a theme: its answers, and the averages once there are enough of them."""

    key: str
    label: str
    answered: int
    averages: list[float] | None  # in SCORE_FIELDS order; None below the threshold


@dataclass
class NetworkEvaluations:
    year: int
    threshold: int
    by_course: list[Group]
    by_theme: list[Group]
    questions: list[Promise] = field(
        default_factory=lambda: [QUESTION_LABELS[name] for name in SCORE_FIELDS]
    )


def _groups(rows, label_of) -> list[Group]:
    threshold = min_answers()
    groups = []
    for row in rows:
        answered = row["answered"]
        shown = answered >= threshold
        groups.append(
            Group(
                key=row["key"],
                label=label_of(row),
                answered=answered,
                averages=[float(row[f"{n}_avg"]) for n in SCORE_FIELDS] if shown else None,
            )
        )
    return sorted(groups, key=lambda g: g.label.lower())


def network_evaluations(*, year: int) -> NetworkEvaluations:
    """Averages per course and per theme of the answers on offerings starting in `year`.

    Two GROUP BY queries (and one for theme names), whatever the number of courses. A course
    with several themes counts under each of them.
    """
    answers = EvaluationAnswer.objects.filter(offering__start_date__year=year).exclude(
        offering__course__status=CourseStatus.DRAFT
    )
    sums = {
        "answered": Count("pk"),
        **{f"{name}_avg": Avg(name) for name in SCORE_FIELDS},
    }
    by_course = (
        answers.order_by()
        .values(
            key=F("offering__course__slug"),
            title=F("offering__course__title"),
            centre=F("offering__course__centre__short_name"),
        )
        .annotate(**sums)
    )
    themes = {t.pk: t for t in Theme.objects.all()}
    by_theme = (
        answers.filter(offering__course__themes__isnull=False)
        .order_by()
        .values(theme=F("offering__course__themes"))
        .annotate(**sums)
    )
    theme_rows = [{**row, "key": themes[row["theme"]].slug} for row in by_theme]
    return NetworkEvaluations(
        year=year,
        threshold=min_answers(),
        by_course=_groups(by_course, lambda row: f"{row['title']} ({row['centre']})"),
        by_theme=_groups(theme_rows, lambda row: str(themes[row["theme"]])),
    )
