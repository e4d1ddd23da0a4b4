"""Calendar arithmetic on dates and TIMEX3 values."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = [
    "add_months",
    "day_value",
    "duration_value",
    "easter_sunday",
    "resolve_offset",
    "shift_value",
    "week_value",
]

_DURATION = re.compile(
    r"^(?P<sign>-?)P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?$"
)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def day_value(d: date) -> str:
    """Return the TIMEX3 value of a day ("2024-06-20")."""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def week_value(d: date) -> str:
    """Return the ISO week holding ``d`` ("2024-W25")."""
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def add_months(d: date, months: int) -> date:
    """Return ``d`` moved by whole months, clamping the day to the month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def duration_value(amount: float | None, unit: str) -> str:
    """Return a TIMEX3 duration ("P30D", "PT2H", "PXY") for an amount of a unit code.

    Args:
        amount: How many units; None for a vague amount ("several weeks").
        unit: A code from the lexicon: S, M (minute when ``time`` else month), H, D, W,
            M, Q, Y, DE, CE, WE, or "TM" for minutes.

    Returns:
        The duration value.
    """
    if amount is None:
        n = "X"
    elif amount == int(amount):
        n = str(int(amount))
    else:
        # Halves are written in the next smaller unit where one exists.
        whole = int(amount)
        rest = amount - whole
        parts = {
            "Y": ("P{}Y{}M", 12), "D": ("P{}DT{}H", 24), "H": ("PT{}H{}M", 60),
            "TM": ("PT{}M{}S", 60),
        }  # fmt: skip
        if unit in parts and whole:
            template, factor = parts[unit]
            return template.format(whole, round(rest * factor))
        smaller = {"Y": (12, "M"), "D": (24, "TH"), "H": (60, "TM"), "TM": (60, "S"), "W": (7, "D")}
        step = smaller.get(unit)
        if step:
            return duration_value(round(amount * step[0]), step[1])
        n = f"{amount:g}"
    if unit == "DE":  # decades count in years, known or not ("two decades" is P20Y)
        return f"P{int(amount) * 10}Y" if amount is not None and amount == int(amount) else "PXY"
    if unit == "CE":
        return f"P{int(amount) * 100}Y" if amount is not None and amount == int(amount) else "PXCE"
    if unit == "WE":
        return f"P{n}WE"
    if unit in ("H", "S", "TH"):
        return f"PT{n}{unit[-1]}"
    if unit == "TM":
        return f"PT{n}M"
    return f"P{n}{unit}"


def shift_value(value: str, amount: int, unit: str) -> str | None:
    """Return a calendar value moved by ``amount`` units, keeping its granularity.

    Args:
        value: A TIMEX3 date value: year, quarter, half, season, month, week or day.
        amount: Signed number of units.
        unit: Y, Q, M, W or D.

    Returns:
        The moved value, or None when the combination is not computable.
    """
    m = re.match(r"^(\d{4})(.*)$", value)
    if not m:
        return None
    year, rest = int(m.group(1)), m.group(2)
    if unit == "Y":
        return f"{year + amount:04d}{rest}"
    if rest == "" and unit in ("Y",):
        return f"{year + amount:04d}"
    q = re.match(r"^-Q([1-4])$", rest)
    if q and unit in ("Q", "M"):
        quarters = amount if unit == "Q" else amount // 3
        index = year * 4 + int(q.group(1)) - 1 + quarters
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    mo = re.match(r"^-(\d{2})$", rest)
    if mo and unit in ("M", "Q"):
        months = amount if unit == "M" else 3 * amount
        d = add_months(date(year, int(mo.group(1)), 1), months)
        return f"{d.year:04d}-{d.month:02d}"
    dm = _DAY.match(value)
    if dm:
        d = date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
        if unit == "D":
            return day_value(d + timedelta(days=amount))
        if unit == "W":
            return day_value(d + timedelta(weeks=amount))
        if unit in ("M", "Q"):
            return day_value(add_months(d, amount * (3 if unit == "Q" else 1)))
    w = re.match(r"^-W(\d{2})$", rest)
    if w and unit in ("W", "D"):
        monday = date.fromisocalendar(year, int(w.group(1)), 1)
        days = amount * 7 if unit == "W" else amount
        return week_value(monday + timedelta(days=days))
    return None


def resolve_offset(anchor_value: str, offset: str) -> str | None:
    """Return the day ``offset`` away from a day-granularity anchor.

    Args:
        anchor_value: A TIMEX3 day value ("2024-06-20").
        offset: A signed ISO duration of whole years, months, weeks and days
            ("P30D", "-P2W", "P1Y2M").

    Returns:
        The resulting day ("2024-07-20"), or None when the anchor is not a day or the
        offset is not a whole-day duration.

    Examples:
        >>> resolve_offset("2024-06-20", "P30D")
        '2024-07-20'
        >>> resolve_offset("2024-06-20", "-P1W")
        '2024-06-13'
        >>> resolve_offset("2024-06", "P1D") is None
        True
    """
    dm = _DAY.match(anchor_value)
    om = _DURATION.match(offset)
    if not dm or not om or offset in ("P", "-P"):
        return None
    try:
        d = date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
    except ValueError:
        return None
    sign = -1 if om.group("sign") else 1
    years, months = int(om.group("Y") or 0), int(om.group("M") or 0)
    days = int(om.group("D") or 0) + 7 * int(om.group("W") or 0)
    try:
        d = add_months(d, sign * (12 * years + months))
        d = d + timedelta(days=sign * days)
    except (ValueError, OverflowError):
        return None
    return day_value(d)
