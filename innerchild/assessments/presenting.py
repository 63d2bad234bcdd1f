"""Turning stored attempts into what pages show: labels, history rows, chart data, change."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _

from innerchild.assessments.instruments import Instrument
from innerchild.assessments.models import Attempt
from innerchild.assessments.scoring import condition_holds, strongest
from innerchild.core import dates
from innerchild.core.signs import get_sign, sign_ids


def metric_label(instrument: Instrument, metric: str) -> str:
    if metric == "total":
        return _("Average score") if instrument.total_method == "mean" else _("Total score")
    if metric == "percent":
        return _("Well-being (%)")
    for subscale in instrument.subscales:
        if subscale.id == metric:
            return subscale.label
    return get_sign(metric).title if metric in sign_ids() else metric


def metric_range(instrument: Instrument, metric: str) -> tuple[float, float]:
    """The lowest and highest possible value of a metric, for chart axes."""
    if metric == "percent":
        return 0, 100
    lows = [min(item.allowed_values) for item in instrument.items]
    highs = [max(item.allowed_values) for item in instrument.items]
    if metric == "total" and instrument.total_method == "sum":
        return sum(lows), sum(highs)
    return min(lows), max(highs)


def metric_unit(metric: str) -> str:
    return _("percentage points") if metric == "percent" else _("points")


@dataclass(frozen=True)
class Change:
    metric: str
    since_first: float | None
    since_previous: float | None
    threshold: float | None
    first_is_meaningful: bool
    previous_is_meaningful: bool


def change_phrase(delta, metric: str) -> str:
    """ "went down by 4 points", in words that do not judge the direction."""
    if delta is None:
        return ""
    if delta == 0:
        return _("stayed the same")
    size = abs(delta)
    unit = metric_unit(metric)
    if delta > 0:
        return _("went up by %(size)s %(unit)s") % {"size": size, "unit": unit}
    return _("went down by %(size)s %(unit)s") % {"size": size, "unit": unit}


def _difference(a, b):
    if a is None or b is None:
        return None
    value = round(a - b, 2)
    return int(value) if float(value).is_integer() else value


def change_over(instrument: Instrument, attempts: list[Attempt]) -> Change | None:
    """Change in the instrument's main metric since the first and the previous attempt."""
    if len(attempts) < 2:
        return None
    metric = (
        instrument.meaningful_change.metric if instrument.meaningful_change else instrument.chart[0]
    )
    threshold = instrument.meaningful_change.points if instrument.meaningful_change else None
    latest = attempts[-1].metric(metric)
    since_first = _difference(latest, attempts[0].metric(metric))
    since_previous = _difference(latest, attempts[-2].metric(metric))

    def meaningful(delta) -> bool:
        return threshold is not None and delta is not None and abs(delta) >= threshold

    return Change(
        metric=metric,
        since_first=since_first,
        since_previous=since_previous,
        threshold=threshold,
        first_is_meaningful=meaningful(since_first),
        previous_is_meaningful=meaningful(since_previous),
    )


def chart_data(instrument: Instrument, attempts: list[Attempt]) -> dict:
    low, high = metric_range(instrument, instrument.chart[0])
    return {
        "labels": [dates.shown(attempt.completed_at, "day") for attempt in attempts],
        "series": [
            {
                "label": metric_label(instrument, metric),
                "values": [attempt.metric(metric) for attempt in attempts],
            }
            for metric in instrument.chart
        ],
        "min": low,
        "max": high,
        "title": instrument.short_title,
    }


def result_details(instrument: Instrument, attempt: Attempt, raw: dict[str, int]) -> dict:
    """Everything the result page says about one completed attempt."""
    metrics = {
        "total": attempt.display_total,
        "percent": attempt.display_percent,
        **attempt.subscales,
    }
    steps = [
        step
        for step in instrument.next_steps
        if condition_holds(
            step.when, instrument, raw, metrics, band=attempt.band or None, flags=attempt.flags
        )
    ]
    subscales = []
    if instrument.subscales:
        subscales = [
            {"label": s.label, "value": attempt.subscales.get(s.id)} for s in instrument.subscales
        ]
    signs = []
    if instrument.subscales_per_item:
        signs = [
            {
                "title": get_sign(item.sign).title if item.sign else item.text,
                "value": attempt.subscales.get(item.id, 0),
                "label": item.label_for(attempt.subscales.get(item.id, 0)),
            }
            for item in instrument.items
        ]
    strongest_ids = (
        strongest(attempt.subscales, [item.id for item in instrument.items], 3)
        if instrument.subscales_per_item
        else []
    )
    return {
        "band": instrument.band(attempt.band),
        "flags": [
            instrument.flag(flag_id) for flag_id in attempt.flags if instrument.flag(flag_id)
        ],
        "next_steps": steps,
        "professional": any(step.professional for step in steps),
        "subscales": subscales,
        "signs": signs,
        "strongest": [get_sign(instrument.item(i).sign or i) for i in strongest_ids],
    }


def history_row(instrument: Instrument, attempt: Attempt) -> dict:
    band = instrument.band(attempt.band)
    return {
        "attempt": attempt,
        "values": [attempt.metric(metric) for metric in instrument.chart],
        "band": band.label if band else "",
    }


def change_context(instrument: Instrument, change: Change | None) -> dict:
    return {
        "change": change,
        "change_label": metric_label(instrument, change.metric) if change else "",
        "previous_phrase": change_phrase(change.since_previous, change.metric) if change else "",
        "threshold_unit": metric_unit(change.metric) if change else "",
        "first_phrase": change_phrase(change.since_first, change.metric) if change else "",
    }


def _completed_of(user, instrument: Instrument):
    return (
        Attempt.objects.owned_by(user)
        .of(instrument.id)
        .completed()
        .only("id", "instrument", "completed_at", "total", "percent", "band", "subscales")
    )


def history_context(user, instrument: Instrument) -> dict:
    """Every completed attempt of one questionnaire with bands and meaningful-change markers
    (a facilitator's view of one member through api.history_for; the member's own page is
    history_page)."""
    attempts = list(_completed_of(user, instrument).order_by("completed_at"))
    change = change_over(instrument, attempts)
    return {
        "instrument": instrument,
        "rows": [history_row(instrument, attempt) for attempt in attempts],
        "columns": [metric_label(instrument, metric) for metric in instrument.chart],
        "chart": chart_data(instrument, attempts),
        **change_context(instrument, change),
        "has_bands": bool(instrument.bands),
    }


# A thousand points would be unreadable and slow: the chart shows the latest results, the list
# shows them all a page at a time, newest first.
HISTORY_CHART_POINTS = 60
HISTORY_PAGE_SIZE = 50


def history_page(user, instrument: Instrument, requested: str | None) -> dict:
    """One page of a person's results of one questionnaire, the chart of the latest ones and the
    change since the first and the previous, reading a bounded number of rows whatever the
    history: a count, the latest results, the first one (indexed) and, past page one, that page.
    `page_problem` is "invalid" for a page that is not a number from 1 up (the first page is
    shown) and "past_end" for one after the last (the last is shown)."""
    completed = _completed_of(user, instrument)
    paginator = Paginator(completed.order_by("-completed_at"), HISTORY_PAGE_SIZE)
    page_problem = None
    try:
        page = paginator.page(requested or 1)
    except PageNotAnInteger:
        page_problem, page = "invalid", paginator.page(1)
    except EmptyPage:
        too_low = int(requested) < 1
        page_problem = "invalid" if too_low else "past_end"
        page = paginator.page(1 if too_low else paginator.num_pages)
    context = {
        "instrument": instrument,
        "count": paginator.count,
        "page": page,
        "page_problem": page_problem,
        "columns": [metric_label(instrument, metric) for metric in instrument.chart],
        "has_bands": bool(instrument.bands),
    }
    if not paginator.count:
        return {**context, "rows": [], "chart": None, **change_context(instrument, None)}
    latest = list(completed.order_by("-completed_at")[: HISTORY_CHART_POINTS + 1])
    first = completed.order_by("completed_at").first()
    points = latest[:HISTORY_CHART_POINTS][::-1]
    # The first page is the newest results, already read for the chart.
    listed = latest[:HISTORY_PAGE_SIZE] if page.number == 1 else list(page.object_list)
    # Change reads only the first, the previous and the latest result.
    change = change_over(instrument, [first, *latest[:2][::-1]]) if len(latest) > 1 else None
    chart = chart_data(instrument, points)
    chart["more"] = len(latest) > HISTORY_CHART_POINTS
    return {
        **context,
        # The date shows twice a row (and for screen readers in the link): formatted once.
        "rows": [
            {
                **history_row(instrument, attempt),
                "day": dates.shown_html(attempt.completed_at, "day"),
            }
            for attempt in listed
        ],
        "chart": chart,
        "chart_rows": [
            (label, [series["values"][i] for series in chart["series"]])
            for i, label in enumerate(chart["labels"])
        ],
        **change_context(instrument, change),
    }
