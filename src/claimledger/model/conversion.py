"""A quantity put into its subject's unit, and shown with what was written.

Hedges are applied first, to the figure as written ("about 11 miles" is [9.9, 12.1] mi),
then the interval is converted ([15.93, 19.47] km). The unit comes from the claim's `unit`
field or from the value's text ("11 miles"); when both are given they must name the same
unit. Ratios ("one in five") become the subject's ratio unit (20 on a % subject).
"""

from __future__ import annotations

from dataclasses import replace

from claimledger.model.units import (
    Unit,
    convert_interval,
    convert_point,
    lookup_unit,
    pint_unit,
    same_unit,
)
from claimledger.model.values import Quantity, ValueProblem

_RATIO = Unit("ratio", "ratio")
_DIMENSION_HINT = (
    "give the figure in {unit}, or record the claim on a subject measured in {written}; "
    "only units of the same dimension convert"
)


def _dimension_of(spelling: str | None) -> str:
    unit = lookup_unit(spelling)
    if unit is not None:
        return unit.dimension
    return f'counted in "{spelling}"' if spelling else "without a unit"


def _mismatch(text: str, written: str, subject_unit: str | None) -> ValueProblem:
    mine, theirs = _dimension_of(written), _dimension_of(subject_unit)
    return ValueProblem(
        f'"{text}" is in {written} ({mine}), which does not convert to the subject\'s unit '
        f"{subject_unit or '(none)'} ({theirs})",
        _DIMENSION_HINT.format(written=written, unit=subject_unit or "the subject's unit"),
        "unit-dimension",
    )


def in_subject_unit(
    q: Quantity, claim_unit: str | None, subject_unit: str | None, aliases: tuple[str, ...]
) -> Quantity | ValueProblem:
    """The quantity in the subject's unit (see module doc), or why it cannot be."""
    written = claim_unit or q.written_unit
    if written is None and not q.ratio:
        return q  # in the subject's unit (`unit` None: nothing written, nothing converted)
    if claim_unit and q.written_unit and not same_unit(claim_unit, q.written_unit):
        return ValueProblem(
            f'the value says "{q.written_unit}" but unit = "{claim_unit}"',
            "write the unit once, as the source gives it, in the value or in `unit`",
            "unit-dimension",
        )
    target = lookup_unit(subject_unit)
    if q.ratio:
        if target is None or target.dimension != "ratio":
            return _mismatch(q.text, "a share", subject_unit)
        return _converted(q, _RATIO, target, subject_unit, "a share")
    if written is None:
        return q  # in the subject's unit (`unit` None: nothing written, nothing converted)
    if subject_unit is None:
        return replace(q, unit=written)
    if written == subject_unit or written in aliases:
        return q  # the subject's unit as the subject spells it: nothing to convert or show
    names = {u.casefold() for u in (subject_unit, *aliases)}
    if written.casefold() in names or same_unit(written, subject_unit):
        return replace(q, unit=subject_unit, written_unit=written)
    source = lookup_unit(written)
    if source is None and target is None:
        return replace(q, written_unit=written)  # two count nouns: unit_ok says no
    source = source or pint_unit(written)  # (one side is a unit of measure: ask pint)
    target = target or pint_unit(subject_unit)
    if source is None or target is None or source.dimension != target.dimension:
        return _mismatch(q.text, written, subject_unit)
    return _converted(q, source, target, subject_unit, written)


def _converted(q: Quantity, source: Unit, target: Unit, unit: str | None, written: str):
    return replace(
        q,
        interval=convert_interval(q.interval, source, target),
        point=convert_point(q.point, source, target),
        unit=unit,
        written=q.interval,
        written_unit=written,
    )


def describe_quantity(q: Quantity) -> str:
    """ "[63, 70)"; converted, both: "29,000 ft = [8,839.2 m]", "about 11 miles =
    [15.93, 19.47] km"; a projection says so: "projection: [100000, 100000]"."""
    shown = str(q.interval)
    if q.written is not None:
        unit = f" {q.unit}" if q.unit else ""
        after = f"[{_figure(q.interval.low)}{unit}]" if _single(q) else f"{shown}{unit}"
        shown = f"{_written(q)} = {after}"
    return f"projection: {shown}" if q.projection else shown


def _single(q: Quantity) -> bool:
    iv = q.interval
    return iv.low == iv.high and not iv.low_open and not iv.high_open


def _figure(x: float) -> str:
    """A figure with thousands separators and at most four decimals: "8,839.2"."""
    return f"{x:,.4f}".rstrip("0").rstrip(".") if x == x and abs(x) != float("inf") else str(x)


def _written(q: Quantity) -> str:
    """What the source wrote: "29,000 ft", "about 11 miles", "one in five"."""
    if q.written_unit == "a share" or q.written_unit is None:
        return q.text
    if q.written_unit.casefold() in q.text.casefold():
        return q.text
    return f"{q.text} {q.written_unit}"
