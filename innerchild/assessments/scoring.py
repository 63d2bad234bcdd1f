"""The scoring engine: pure functions from an instrument and raw answers to a score.

Answers are always the raw value of the chosen option, in item order; the engine applies reverse
keys (scored = lowest + highest option value - raw), totals, subscales, bands and flags exactly as
the instrument's file describes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from innerchild.assessments.instruments import Instrument, Item
from innerchild.assessments.rules import RULES

Number = int | float


class AnswerError(ValueError):
    """Answers that do not fit the instrument; the message names the item and allowed values."""


@dataclass(frozen=True)
class Score:
    instrument: str
    total: Number | None
    band: str | None
    flags: tuple[str, ...]
    subscales: dict[str, Number] = field(default_factory=dict)
    percent: Number | None = None
    has_percent: bool = False
    next_steps: tuple[str, ...] = ()

    @property
    def metrics(self) -> dict[str, Number | None]:
        return _metrics(self.total, self.percent, self.subscales, self.has_percent)

    def as_dict(self) -> dict:
        """The public shape of a score (CLI and API)."""
        result = {
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band,
            "flags": list(self.flags),
            "subscales": dict(self.subscales),
        }
        if self.has_percent:
            result["percent"] = self.percent
        return result


def _metrics(total, percent, subscales, has_percent) -> dict[str, Number | None]:
    metrics: dict[str, Number | None] = {"total": total, **subscales}
    if has_percent:
        metrics["percent"] = percent
    return metrics


def allowed_text(item: Item) -> str:
    return ", ".join(str(value) for value in item.allowed_values)


def item_name(instrument: Instrument, item: Item) -> str:
    if item.id == str(item.number):
        return f"item {item.number}"
    return f"item {item.number} ({item.id})"


def describe_condition(condition: Mapping) -> str:
    refs = condition.get("items")
    if refs and "any_min" in condition:
        return f"one of items {', '.join(refs)} is at least {condition['any_min']}"
    if refs and "any_max" in condition:
        return f"one of items {', '.join(refs)} is at most {condition['any_max']}"
    return "its condition holds"


def _threshold(condition: Mapping, key: str) -> Number | None:
    value = condition.get(key)
    if key == "min" and value is not None and condition.get("min_setting"):
        from django.conf import settings

        value = getattr(settings, condition["min_setting"], value)
    return value


def condition_holds(
    condition: Mapping,
    instrument: Instrument,
    raw: Mapping[str, int],
    metrics: Mapping[str, Number | None] | None = None,
    *,
    band: str | None = None,
    flags: Sequence[str] = (),
) -> bool:
    """Every key of a condition must hold; an empty condition always holds."""
    metrics = metrics or {}
    if "metric" in condition:
        value = metrics.get(condition["metric"])
        if value is None:
            return False
        low, high = _threshold(condition, "min"), _threshold(condition, "max")
        if low is not None and value < low:
            return False
        if high is not None and value > high:
            return False
    if "items" in condition:
        refs = condition["items"]
        ids = [item.id for item in instrument.items] if refs == "all" else refs
        values = [raw[ref] for ref in ids if ref in raw]
        if "any_min" in condition and not any(v >= condition["any_min"] for v in values):
            return False
        if "any_max" in condition and not any(v <= condition["any_max"] for v in values):
            return False
    if "band" in condition and band != condition["band"]:
        return False
    if "flag" in condition and condition["flag"] not in flags:
        return False
    return not ("rule" in condition and not RULES[condition["rule"]](instrument, raw, metrics))


def is_asked(instrument: Instrument, item: Item, raw: Mapping[str, int]) -> bool:
    """Conditional items (the ASQ's fifth question) depend only on answers to earlier items."""
    if not item.asked_if:
        return True
    earlier = {i.id: raw[i.id] for i in instrument.items[: item.number - 1] if i.id in raw}
    return condition_holds(item.asked_if, instrument, earlier)


def asked_items(instrument: Instrument, raw: Mapping[str, int]) -> list[Item]:
    """The items to ask, given the answers so far."""
    return [item for item in instrument.items if is_asked(instrument, item, raw)]


def next_unanswered(instrument: Instrument, raw: Mapping[str, int]) -> Item | None:
    return next((i for i in asked_items(instrument, raw) if i.id not in raw), None)


def answers_in_order(instrument: Instrument, raw: Mapping[str, int]) -> list[int] | None:
    """The answers to score, in item order, or None while any asked item is unanswered."""
    items = asked_items(instrument, raw)
    if any(item.id not in raw for item in items):
        return None
    return [raw[item.id] for item in items]


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # ASCII digits only and few of them: "²".isdigit() is true but int("²") fails, and int() of
    # thousands of digits is refused by Python; no option value is that long.
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
        return int(value.strip())
    return None


def _shown(value) -> str:
    return str(value) if _as_int(value) is not None else repr(value)


def validate_answers(instrument: Instrument, answers: Sequence) -> dict[str, int]:
    """Raw answers by item id; AnswerError naming the item and its allowed values otherwise."""
    raw: dict[str, int] = {}
    position = 0
    skipped: list[Item] = []
    for item in instrument.items:
        if not is_asked(instrument, item, raw):
            skipped.append(item)
            continue
        name = item_name(instrument, item)
        if position >= len(answers):
            raise AnswerError(
                f"{instrument.id}: {name} needs an answer (allowed: {allowed_text(item)}); "
                f"got {len(answers)} answers"
            )
        value = _as_int(answers[position])
        if value is None or value not in item.allowed_values:
            raise AnswerError(
                f"{instrument.id}: {name}: {_shown(answers[position])} is not allowed "
                f"(allowed: {allowed_text(item)})"
            )
        raw[item.id] = value
        position += 1
    if position < len(answers):
        message = f"{instrument.id}: got {len(answers)} answers but only {position} items are asked"
        for item in skipped:
            message += (
                f" ({item_name(instrument, item)} is asked only when "
                f"{describe_condition(item.asked_if)})"
            )
        raise AnswerError(message)
    return raw


def scored_value(item: Item, raw: int) -> int:
    if not item.reverse:
        return raw
    values = item.allowed_values
    return values[0] + values[-1] - raw


def _round(value: Decimal, places: int) -> float:
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _combine(values: list[int], method: str, places: int) -> Number:
    if method == "sum":
        return sum(values)
    return _round(Decimal(sum(values)) / Decimal(len(values)), places)


def score(instrument: Instrument, answers: Sequence) -> Score:
    """Score a complete set of raw answers (AnswerError if they do not fit)."""
    raw = validate_answers(instrument, answers)
    scored = {
        item.id: scored_value(item, raw[item.id]) for item in instrument.items if item.id in raw
    }
    total: Number | None = None
    if instrument.total_method != "none":
        total = _combine(list(scored.values()), instrument.total_method, instrument.round_to)
    percent = None
    if instrument.has_percent and total is not None:
        percent = total * instrument.percent_multiplier
        if float(percent).is_integer():
            percent = int(percent)
    subscales: dict[str, Number] = {}
    if instrument.subscales_per_item:
        subscales.update(scored)
    for subscale in instrument.subscales:
        values = [scored[ref] for ref in subscale.items if ref in scored]
        subscales[subscale.id] = _combine(values, subscale.method, instrument.round_to)
    metrics = _metrics(total, percent, subscales, instrument.has_percent)
    band = next(
        (b.id for b in instrument.bands if condition_holds(b.when, instrument, raw, metrics)),
        None,
    )
    flags = tuple(
        flag.id
        for flag in instrument.flags
        if condition_holds(flag.when, instrument, raw, metrics, band=band)
    )
    steps = tuple(
        step.id
        for step in instrument.next_steps
        if condition_holds(step.when, instrument, raw, metrics, band=band, flags=flags)
    )
    return Score(
        instrument=instrument.id,
        total=total,
        band=band,
        flags=flags,
        subscales=subscales,
        percent=percent,
        has_percent=instrument.has_percent,
        next_steps=steps,
    )


def safety_actions(instrument: Instrument, band: str | None, flags: Sequence[str]) -> list[str]:
    """The safety flows a result starts ("crisis", "crisis_then_asq"), strongest first."""
    actions = []
    band_entry = instrument.band(band)
    if band_entry and band_entry.safety:
        actions.append(band_entry.safety)
    for flag_id in flags:
        flag = instrument.flag(flag_id)
        if flag and flag.safety and flag.safety not in actions:
            actions.append(flag.safety)
    return actions


def strongest(subscales: Mapping[str, Number], order: Sequence[str], limit: int) -> list[str]:
    """Keys rated above 0, strongest first; ties keep `order`."""
    rated = [key for key in order if subscales.get(key, 0) > 0]
    rated.sort(key=lambda key: -subscales[key])
    return rated[:limit]
