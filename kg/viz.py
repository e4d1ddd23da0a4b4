# ruff: noqa: N803, N806
# (G and P are kg's names for networkx graphs, as in networkx itself.)
"""Interactive HTML timeline of events, built on pyvis and vis-network.

The page has two views of one event graph:

* a timeline: events on a horizontal time axis (x from the date, with year and
  month ticks), one lane per main actor (y), edges ``actor -> event -> target``,
  colours by event type, physics off so that positions mean time. Events known
  only to the year or month are dashed boxes spanning that period; undated events
  sit in their own column on the right, collapsed at first into one badge per
  lane ("12 undated") that a click, or the "show undated" switch, expands. Edges
  are faint until a node is hovered or selected, and the page opens at a zoom
  where labels read (the whole drawing if it fits, else the start of it);
* a network: the same nodes laid out by physics, which stops once it settles.

Tooltips show the sentence, the date as written and as resolved, the confidence
and the article; filters (actor, type, date range) hide and show nodes.

The page is one self-contained file: the vis-network script and style that pyvis
ships are inlined, so nothing is fetched when it opens and no ``lib/`` folder is
written. Article text reaches the page only as JSON that the script turns into
DOM text nodes, never into markup.
"""

from __future__ import annotations

import bisect
import html
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from kg.convert import date_interval, event_nodes, events_to_nx
from kg.corefer import CanonicalEvent
from kg.datetext import describe_date, timex_to_text
from kg.lexicon import EVENT_TYPE_TABLE
from kg.progress import bar
from kg.types import Article, Entity, Event

__all__ = [
    "ENTITY_STYLES",
    "TYPE_COLORS",
    "show",
    "timeline_data",
    "timeline_html",
    "write_timeline",
]

#: Colour of each event type on the page, from the event-type table; other types get a
#: colour from the spare list.
TYPE_COLORS: dict[str, str] = {name: row.colour for name, row in EVENT_TYPE_TABLE.items()}
_SPARE_COLORS = ("#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354")

#: Background and border colour of entity boxes, by entity type.
ENTITY_STYLES: dict[str, tuple[str, str]] = {
    "GovernmentAgency": ("#dbe9f6", "#2c6fad"),
    "Company": ("#fde8d7", "#c0661b"),
    "Organization": ("#ececec", "#555555"),
    "Country": ("#e3f1df", "#3f7f3a"),
    "Place": ("#e3f1df", "#3f7f3a"),
    "Person": ("#f3e1f5", "#8e44ad"),
    "Group": ("#fff4c2", "#9c7a00"),
}
_DEFAULT_ENTITY_STYLE = ("#f2f2f2", "#777777")
_ROLE_COLORS = {"agent": (110, 124, 140), "patient": (224, 123, 57), "place": (95, 160, 90)}

# Layout constants, in canvas pixels.
_ROW_H = 32
_LANE_PAD = 8
_GAP = 14
_BREAK_PX = 80
_MIN_CLUSTER_PX = 160.0
_AXIS_WIDTHS = (500.0, 650.0, 800.0, 1100.0, 1500.0, 2000.0, 2700.0, 3600.0, 4800.0, 6400.0)
# The chart's share of a 1600 x 900 window (beside the list, below the filters), in
# CSS pixels: the opening layout is chosen to fit it at a zoom of at least
# _READABLE, where 16-unit labels are 11.5 CSS pixels.
_TARGET_W = 1180.0
_TARGET_H = 770.0
_READABLE = 0.72
_LEGIBLE = 11.0 / 16.0  # the least zoom at which 16-unit labels are 11 CSS pixels
# Most rows of labelled events a lane gets before further labels are left to hover.
_LABEL_ROW_CAPS = (None, 3, 2, 1)
_MAX_CAPPED_EVENTS = 1000
_DOT_W = 14.0
_BOX_EXTRA = 20.0  # margins and border of an event's box, beyond its label
_HEADER_MAX_PX = 300.0
_HEADER_MAX_CHARS = 34
_PAD_DAYS = 12
_MIN_GAP_DAYS = 150
_UNDATED_SLOT = 118
_UNDATED_PER_ROW = 3
_UNDATED_MAX_PER_ROW = 6
_ENTITY_SPACING = 36
_MAX_LANES = 12
_MAX_ROW_H = 56.0
_FAINT_EDGES = 40

_GRANULARITY_WORD = {"half": "half-year", "time": "day"}


def _edge_color(role: str, *, faint: bool) -> dict[str, str]:
    # Faint at rest so crossings do not drown the events; full strength when
    # one of its nodes is hovered or selected.
    r, g, b = _ROLE_COLORS.get(role, (150, 150, 150))
    solid = f"rgb({r},{g},{b})"
    alpha = 0.14 if faint else 0.45
    return {"color": f"rgba({r},{g},{b},{alpha})", "highlight": solid, "hover": solid}


def _type_color(event_type: str) -> str:
    if event_type in TYPE_COLORS:
        return TYPE_COLORS[event_type]
    return _SPARE_COLORS[sum(map(ord, event_type)) % len(_SPARE_COLORS)]


# --- filtering -------------------------------------------------------------------


def _bound(value: str | date | None, *, last: bool) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    bounds = date_interval(str(value))
    if bounds is None:
        raise ValueError(f"cannot read {value!r} as a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return bounds[1] if last else bounds[0]


def _matches(entity: Entity, wanted: str) -> bool:
    """Tell whether ``wanted`` (already casefolded) is the entity's IRI or a name of it."""
    names = {entity.label, *entity.aliases}
    return wanted == entity.id.casefold() or wanted in {n.casefold() for n in names}


def _filter_events(
    events: Iterable[Event],
    *,
    actor: str | None,
    since: str | date | None,
    until: str | date | None,
    type: str | Collection[str] | None,
) -> list[Event]:
    first, last = _bound(since, last=False), _bound(until, last=True)
    if type is None:
        types = None
    elif isinstance(type, str):
        types = {type.casefold()}
    else:
        types = {t.casefold() for t in type}
    wanted = actor.casefold().strip() if actor else None
    kept = []
    for event in events:
        if types is not None and event.type.casefold() not in types:
            continue
        if wanted is not None:
            entities = (*event.agents, *event.patients, *event.place)
            if not any(_matches(e, wanted) for e in entities):
                continue
        if first or last:
            bounds = date_interval(event.date.value) if event.date else None
            if bounds is None:
                continue
            if (first and bounds[1] < first) or (last and bounds[0] > last):
                continue
        kept.append(event)
    return kept


# --- time axis -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Segment:
    first: int  # proleptic ordinal of the first day shown
    last: int  # ordinal of the last day shown
    x0: float
    k: float  # pixels per day

    @property
    def x1(self) -> float:
        return self.x0 + (self.last - self.first + 1) * self.k


@dataclass(slots=True)
class _TimeScale:
    """Maps days to x: linear inside each cluster of events, long empty gaps cut out.

    Each cluster gets width in proportion to its number of events (with a floor),
    so a lone year-long event does not squeeze the busy months next to it; x
    still grows with time everywhere.
    """

    segments: list[_Segment] = field(default_factory=list)

    @classmethod
    def fit(cls, intervals: list[tuple[date, date]], *, width: float) -> _TimeScale:
        if not intervals:
            return cls()
        spans = sorted((a.toordinal() - _PAD_DAYS, b.toordinal() + _PAD_DAYS) for a, b in intervals)
        clusters = [[*spans[0], 1]]
        for first, last in spans[1:]:
            if first - clusters[-1][1] > _MIN_GAP_DAYS:
                clusters.append([first, last, 1])
            else:
                clusters[-1][1] = max(clusters[-1][1], last)
                clusters[-1][2] += 1
        segments, x = [], 0.0
        for first, last, count in clusters:
            share = max(_MIN_CLUSTER_PX, width * count / len(spans))
            k = min(40.0, share / (last - first + 1))
            segments.append(_Segment(first, last, x, k))
            x = segments[-1].x1 + _BREAK_PX
        return cls(segments)

    @property
    def end(self) -> float:
        return self.segments[-1].x1 if self.segments else 0.0

    def x(self, day: date) -> float:
        """Return the x of the start of ``day``."""
        n = day.toordinal()
        i = max(0, bisect.bisect_right([s.first for s in self.segments], n) - 1)
        s = self.segments[i]
        return s.x0 + (min(max(n, s.first), s.last + 1) - s.first) * s.k

    def ticks(self) -> list[dict[str, Any]]:
        """Return year, month (and, when wide enough, day) ticks with labels."""
        out: list[dict[str, Any]] = []
        for seg in self.segments:
            out += self._segment_ticks(seg)
        return out

    def _segment_ticks(self, seg: _Segment) -> list[dict[str, Any]]:
        k = seg.k
        first, last = date.fromordinal(seg.first), date.fromordinal(seg.last)
        out: list[dict[str, Any]] = []
        month = date(first.year, first.month, 1)
        labelled = False
        # Months when there is room for their names, else quarters.
        step = 1 if k * 28 >= 26 else 3
        while month <= last:
            x = self.x(month)
            if month >= first:
                major = month.month == 1
                shown = major or (month.month - 1) % step == 0
                label = str(month.year) if major else month.strftime("%b")
                if not labelled and not major:
                    label = month.strftime("%b %Y")
                if seg.x1 - x < 40 or not (
                    major or (shown and k * 28 * step >= 26) or not labelled
                ):
                    label = ""
                if label or shown:
                    # "year": the label names it, so it ranks with the years.
                    out.append(
                        {
                            "x": round(x, 1),
                            "label": label,
                            "major": major,
                            "year": month.year,
                            **({"named": True} if str(month.year) in label else {}),
                        }
                    )
                labelled = labelled or bool(label)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if not any(t.get("named") for t in out):
            # Too short for a month's name: the stretch still says when it is.
            out.append(
                {
                    "x": round(seg.x0 + min(40.0, (seg.x1 - seg.x0) / 2), 1),
                    "label": first.strftime("%b %Y"),
                    "major": False,
                    "year": first.year,
                    "named": True,
                    "float": True,
                }
            )
        if k >= 18:
            day = first
            while day <= last:
                if day.day != 1 and (k >= 28 or day.day % 2 == 1):
                    out.append(
                        {
                            "x": round(self.x(day), 1),
                            "label": str(day.day),
                            "day": True,
                            "year": day.year,
                        }
                    )
                day += timedelta(days=1)
        return out

    def breaks(self) -> list[dict[str, Any]]:
        """Return the cut gaps between clusters, with how much time each hides."""
        out = []
        for a, b in zip(self.segments, self.segments[1:], strict=False):
            days = b.first - a.last
            years = days / 365.25
            span = f"{round(years)} years" if years >= 1.5 else f"{round(days / 30.4)} months"
            out.append({"x0": round(a.x1, 1), "x1": round(b.x0, 1), "label": span})
        return out


# --- layout ----------------------------------------------------------------------


def _date_label(attrs: Mapping[str, Any]) -> str:
    """Return an event's date as people read it ("until 12 Dec 2017, evening")."""
    return describe_date(
        attrs.get("date"),
        relation=attrs.get("date_relation"),
        inferred=bool(attrs.get("date_inferred")),
    )


def _text_width(label: str, *, px: float = 9.4) -> float:
    """Estimate the drawn width of a label's box, ``px`` pixels per character."""
    return max(len(line) for line in label.split("\n")) * px + _BOX_EXTRA


def _clear(bands: list[tuple[float, float]], left: float, right: float) -> bool:
    """Tell whether ``left``..``right`` keeps clear of every band in ``bands``."""
    return all(b1 + _GAP <= left or right + _GAP <= b0 for b0, b1 in bands)


def _pack(
    items: list[tuple[str, float, float, float, float, bool]], *, label_rows: int | None = None
) -> tuple[dict[str, int], int, set[str]]:
    """Give each ``(id, left, right, mark_left, mark_right, period)`` the first row where it fits.

    ``left``/``right`` bound the event with its label, ``mark_left``/``mark_right``
    without it. Past ``label_rows`` rows, an event that fits nowhere with its label
    goes without it (its label shows on hover), so labels never overlap and lanes do
    not tower: a day to the first row where its mark alone fits, a period to the
    first row where no other unlabelled period lies, as a band behind that row's
    events.

    Returns:
        Event -> row, the number of rows, and the events drawn without a label.
    """
    row_ends: list[float] = []
    bands: list[list[tuple[float, float]]] = []
    rows: dict[str, int] = {}
    bare: set[str] = set()
    for item, left, right, mark_left, mark_right, period in sorted(
        items, key=lambda t: (t[1], t[2], t[0])
    ):
        row = next((r for r, end in enumerate(row_ends) if end + _GAP <= left), None)
        if row is None and label_rows is not None and len(row_ends) >= label_rows:
            if period:
                row = next(
                    (r for r, taken in enumerate(bands) if _clear(taken, mark_left, mark_right)),
                    None,
                )
                if row is not None:
                    bare.add(item)
                    bands[row].append((mark_left, mark_right))
                    rows[item] = row
                    continue
            else:
                row = next((r for r, end in enumerate(row_ends) if end + _GAP <= mark_left), None)
                if row is not None:
                    bare.add(item)
                    right = mark_right
        if row is None:
            row = len(row_ends)
            row_ends.append(right)
            bands.append([])
        row_ends[row] = right
        rows[item] = row
    return rows, len(row_ends), bare


@dataclass(frozen=True, slots=True)
class _Layout:
    scale: _TimeScale
    geometry: dict[str, tuple[float, float, str]]  # event -> (centre x, width, label)
    lane_rows: dict[int, tuple[dict[str, int], int]]  # lane -> (event -> row, rows)
    undated_x0: float
    per_row: int
    right: float
    bare: frozenset[str] = frozenset()  # events drawn without their label (hover shows it)
    # Events under the one that labels their pile -> how much lower they are drawn.
    piled: Mapping[str, float] = field(default_factory=dict)
    under: Mapping[str, str] = field(default_factory=dict)  # event -> its pile's labelled one


def _place(
    events: list[str],
    bounds: Mapping[str, tuple[date, date] | None],
    labels: Mapping[str, str],
    event_lane: Mapping[str, int],
    scale: _TimeScale,
    *,
    badge_lanes: Collection[int] = (),
    label_rows: int | None = None,
) -> _Layout:
    """Give every event an x, a width and a row within its lane on ``scale``.

    Undated events among ``events`` fill a grid in the undated column; lanes in
    ``badge_lanes`` keep one row there for the badge that stands for their
    collapsed undated events. Dated events of one lane with the same date form a
    pile: the first carries the label ("ban +3") and the others lie under it, so
    reports of one day do not each take a row (the list and tooltips name them all).
    """
    dated = any(b is not None for b in bounds.values())
    undated_x0 = (scale.end + 60.0) if dated else 0.0
    undated_lanes = Counter(event_lane[e] for e in events if bounds[e] is None)
    most = max(undated_lanes.values(), default=1)
    # A busy lane spreads its undated events over more columns, so it does not tower.
    per_row = min(most, max(_UNDATED_PER_ROW, math.ceil(math.sqrt(most))), _UNDATED_MAX_PER_ROW)
    dated_items: dict[int, list[tuple[str, float, float, float, float, bool]]] = {}
    undated_rows: dict[int, dict[str, int]] = {lane: {} for lane in badge_lanes}
    geometry: dict[str, tuple[float, float, str]] = {}
    piles: dict[tuple[int, date, date], list[str]] = {}
    # With a cap on labelled rows, days too close to tell apart on this axis (their
    # marks would touch) pile up as well; else only the same date does.
    near = _DOT_W + _GAP if label_rows is not None else 0.0
    last_day: dict[int, tuple[float, tuple[int, date, date]]] = {}
    order = {e: i for i, e in enumerate(events)}
    dated_here = [e for e in events if bounds[e] is not None]
    for event in sorted(dated_here, key=lambda e: (event_lane[e], bounds[e], order[e])):
        b = bounds[event]
        assert b is not None
        key = (event_lane[event], *b)
        if b[0] == b[1]:
            cx = scale.x(b[0])
            previous = last_day.get(key[0])
            if previous is not None and cx - previous[0] <= near:
                piles[previous[1]].append(event)
                continue
            last_day[key[0]] = (cx, key)
        piles.setdefault(key, []).append(event)
    under: dict[str, str] = {}  # event -> the event whose label stands for its pile
    for pile in piles.values():
        under.update((e, pile[0]) for e in pile[1:])
    pile_size = Counter(under.values())
    # Piles' labelled events first: the others are drawn where those are.
    for event in sorted(events, key=lambda e: e in under):
        label, lane, b = labels[event], event_lane[event], bounds[event]
        if b is None:
            slots = undated_rows.setdefault(lane, {})
            slot = len(slots)
            slots[event] = slot // per_row
            cx = undated_x0 + (slot % per_row + 0.5) * _UNDATED_SLOT
            geometry[event] = (cx, _UNDATED_SLOT - _GAP, label)
            continue
        x0, x1 = scale.x(b[0]), scale.x(b[1] + timedelta(days=1))
        cx = (x0 + x1) / 2
        period = b[0] != b[1]
        mark = max(x1 - x0, 12.0) if period else _DOT_W
        if event in under:
            # Under its pile's label, a little lower each: a stack of cards.
            head_cx, head_width, _ = geometry[under[event]]
            geometry[event] = (head_cx, head_width, " ")
            continue
        if pile_size[event]:
            label = f"{label} +{pile_size[event]}"
        width = max(x1 - x0, _text_width(label)) if period else _text_width(label)
        geometry[event] = (cx, width, label)
        dated_items.setdefault(lane, []).append(
            (event, cx - width / 2, cx + width / 2, cx - mark / 2, cx + mark / 2, period)
        )

    lane_rows: dict[int, tuple[dict[str, int], int]] = {}
    bare: set[str] = set()
    for lane in sorted(set(dated_items) | set(undated_rows)):
        rows, n, unlabelled = _pack(dated_items.get(lane, []), label_rows=label_rows)
        rows.update((e, rows[head]) for e, head in under.items() if head in rows)
        bare |= unlabelled
        extra = undated_rows.get(lane, {})
        rows.update(extra)
        lane_rows[lane] = (rows, max(1, n, 1 + max(extra.values(), default=-1)))
    right = max((cx + w / 2 for cx, w, _ in geometry.values()), default=0.0)
    if badge_lanes:
        right = max(right, undated_x0 + _UNDATED_SLOT)
    depth: Counter[str] = Counter()
    offsets = {}
    for e, head in under.items():
        depth[head] += 1
        offsets[e] = 3.0 * min(depth[head], 2)
    return _Layout(
        scale, geometry, lane_rows, undated_x0, per_row, right, frozenset(bare), offsets, under
    )


def _role_nodes(G: nx.MultiDiGraph, event: str, role: str) -> list[str]:
    if role == "agent":
        return [u for u, _, r in G.in_edges(event, data="role") if r == role]
    return [v for _, v, r in G.out_edges(event, data="role") if r == role]


def _lanes(G: nx.MultiDiGraph, events: list[str]) -> tuple[list[str], dict[str, int]]:
    """Choose the lanes (main actors) and put each event in one.

    An event goes to the lane of its agent; one without an agent to the lane of its
    patient, else to the lane of its article's main actor (the lane actor with most
    events in that article); only then to "other actors", the last lane.

    Returns:
        The lane actors, busiest first, and event -> lane index.
    """
    agents = {e: _role_nodes(G, e, "agent") for e in events}
    patients = {e: _role_nodes(G, e, "patient") for e in events}
    claims: Counter[str] = Counter()
    for e in events:
        claims.update(agents[e] or patients[e])
    ranked = sorted(claims, key=lambda a: (-claims[a], -G.degree(a), str(G.nodes[a]["label"]), a))
    lanes = ranked[:_MAX_LANES]
    lane_of_actor = {a: i for i, a in enumerate(lanes)}
    other = len(lanes)
    in_article: dict[str, Counter[int]] = {}
    for e in events:
        lanes_here = {lane_of_actor[n] for n in nx.all_neighbors(G, e) if n in lane_of_actor}
        in_article.setdefault(str(G.nodes[e].get("article")), Counter()).update(lanes_here)

    def lane_of(e: str) -> int:
        if agents[e]:
            return min((lane_of_actor[a] for a in agents[e] if a in lane_of_actor), default=other)
        own = [lane_of_actor[p] for p in patients[e] if p in lane_of_actor]
        if own:
            return min(own)
        counts = in_article.get(str(G.nodes[e].get("article")))
        if counts:
            return min(counts, key=lambda lane: (-counts[lane], lane))
        return other

    return lanes, {e: lane_of(e) for e in events}


def _period_text(first: str | None, last: str | None) -> str | None:
    """Return "1 Jun 2024 to 30 Jun 2024" for a period of days, None for one day or none."""
    if not first or not last or first == last:
        return None
    return f"{timex_to_text(first)} to {timex_to_text(last)}"


def _event_info(G: nx.MultiDiGraph, event: str) -> dict[str, Any]:
    attrs = G.nodes[event]

    def labels(nodes: Iterable[str]) -> list[str]:
        return [str(G.nodes[n]["label"]) for n in nodes]

    return {
        "kind": "event",
        "type": attrs["type"],
        "action": attrs.get("action"),
        "trigger": attrs.get("trigger"),
        "sentence": attrs.get("sentence"),
        "date": attrs.get("date"),
        "dateLabel": _date_label(attrs),
        "period": _period_text(attrs.get("start"), attrs.get("end")),
        "dateText": attrs.get("date_text"),
        "granularity": attrs.get("granularity"),
        "relation": attrs.get("date_relation"),
        "inferred": bool(attrs.get("date_inferred")),
        "dateSource": attrs.get("date_source"),
        "dateConfidence": attrs.get("date_confidence"),
        "start": attrs.get("start"),
        "end": attrs.get("end"),
        "confidence": attrs.get("confidence"),
        "modality": attrs.get("modality"),
        "article": attrs.get("article"),
        "articleTitle": attrs.get("article_title"),
        "articleUrl": attrs.get("article_url"),
        "agents": labels(u for u, _, r in G.in_edges(event, data="role") if r == "agent"),
        "patients": labels(v for _, v, r in G.out_edges(event, data="role") if r == "patient"),
        "places": labels(v for _, v, r in G.out_edges(event, data="role") if r == "place"),
        "entities": sorted(set(nx.all_neighbors(G, event))),
        **attrs.get("resolution", {}),
    }


def collapse_reports(
    events: Iterable[Event], canonical: Mapping[str, CanonicalEvent]
) -> list[Event]:
    """Return one event per canonical event, standing for all of its reports.

    It is the canonical event's first report (by IRI) with the canonical IRI, date,
    agents, patients and confidence; its ``extra["resolution"]`` lists the reports
    (sentence, article, date as written), the independent sources and the
    disagreements, which the page shows in the tooltip. A report without a canonical
    event stays as it is.
    """
    reports: dict[str, list[Event]] = {}
    alone: list[Event] = []
    for event in events:
        found = canonical.get(event.id)
        if found is None:
            alone.append(event)
        else:
            reports.setdefault(found.id, []).append(event)
    out = list(alone)
    for members in reports.values():
        members.sort(key=lambda e: e.id)
        c = canonical[members[0].id]
        info = {
            "sources": c.sources,
            "outlets": list(c.outlets),
            "reports": [
                {
                    "article": e.article,
                    "sentence": e.sentence,
                    "dateText": e.date.text if e.date else None,
                }
                for e in members
            ],
            "disputes": [
                f"{d.aspect}: "
                + " vs ".join(
                    f"{timex_to_text(v.value) if d.aspect == 'date' else v.value}"
                    f" ({', '.join(v.sources)})"
                    for v in d.claims
                )
                for d in c.disagreements
            ],
        }
        first = members[0]
        out.append(
            Event(
                id=c.id,
                article=first.article,
                sentence=first.sentence,
                start=first.start,
                end=first.end,
                trigger=first.trigger,
                action=c.action,
                type=c.type,
                trigger_start=first.trigger_start,
                trigger_end=first.trigger_end,
                agents=c.agents or first.agents,
                patients=c.patients or first.patients,
                place=first.place,
                date=c.date,
                modality=first.modality,
                confidence=c.confidence,
                cameo=first.cameo,
                extra={"resolution": info},
            )
        )
    return out


def _entity_group(entity_type: Any, lane: bool) -> tuple[str, dict[str, Any]]:
    background, border = ENTITY_STYLES.get(str(entity_type), _DEFAULT_ENTITY_STYLE)
    name = f"entity:{entity_type}:{'lane' if lane else 'other'}"
    return name, {
        "shape": "box",
        "color": {"background": background, "border": border},
        "borderWidth": 2 if lane else 1,
        "font": {"size": 14},
        "margin": 5,
        # Long names wrap instead of pushing the time axis away.
        "widthConstraint": {"maximum": _HEADER_MAX_PX},
    }


def _event_group(
    event_type: str, period: bool, inferred: bool = False
) -> tuple[str, dict[str, Any]]:
    color = _type_color(event_type)
    if inferred:
        # A date the text does not state (the publication day, an inherited date): a
        # pale box with a dotted border, so stated dates stand out.
        return f"event:{event_type}:inferred", {
            "shape": "box",
            "color": {"background": color + "14", "border": color},
            "shapeProperties": {"borderDashes": [2, 3]},
            "borderWidth": 2,
            "margin": {"top": 1, "bottom": 1, "left": 4, "right": 4},
            "font": {"size": 16, "color": "#444444"},
        }
    if period:
        # A period, not a day: a dashed box as wide as the period on the axis.
        return f"event:{event_type}:period", {
            "shape": "box",
            "color": {"background": color + "26", "border": color},
            "shapeProperties": {"borderDashes": [6, 4]},
            "borderWidth": 2,
            "margin": {"top": 1, "bottom": 1, "left": 4, "right": 4},
            "font": {"size": 16, "color": "#222222"},
        }
    # A day: a solid box centred on it, its label inside (a label under a dot
    # would need a second line in every row).
    return f"event:{event_type}:day", {
        "shape": "box",
        "color": {"background": color + "55", "border": color},
        "borderWidth": 2,
        "margin": {"top": 1, "bottom": 1, "left": 4, "right": 4},
        "font": {"size": 16, "color": "#222222"},
    }


_BADGE_STYLE: dict[str, Any] = {
    "shape": "box",
    "color": {
        "background": "#fbf3dc",
        "border": "#b59a4f",
        "hover": {"background": "#f5e6b8", "border": "#8a6d1f"},
        "highlight": {"background": "#f5e6b8", "border": "#8a6d1f"},
    },
    "borderWidth": 1,
    "shapeProperties": {"borderRadius": 10},
    "font": {"size": 14, "color": "#6b5518"},
    "margin": 6,
}


def _entity_node(
    G: nx.MultiDiGraph, node: str, x: float, y: float, lane: bool, groups: dict[str, Any]
) -> dict[str, Any]:
    attrs = G.nodes[node]
    group, style = _entity_group(attrs.get("type"), lane)
    groups[group] = style
    name = str(attrs.get("label", node))
    return {
        "id": node,
        # Long names are cut so a lane's header stays in its lane; hover shows them.
        "label": _short(name, _HEADER_MAX_CHARS) if lane else name,
        "group": group,
        "x": round(x, 1),
        "y": round(y, 1),
        "kg": {
            "kind": "entity",
            "name": name,
            "type": attrs.get("type"),
            "aliases": list(attrs.get("aliases", ())),
            "events": sum(1 for _ in nx.all_neighbors(G, node)),
            "lane": lane,
        },
    }


@dataclass(frozen=True, slots=True)
class _Arrangement:
    """Where everything sits in one layout: positions, lane bands and the frame."""

    pos: dict[str, tuple[float, float]]
    lanes: list[dict[str, Any]]
    view: dict[str, float]
    undated: dict[str, float] | None
    band_left: float


def _arrange(
    G: nx.MultiDiGraph,
    events: list[str],
    lanes: list[str],
    event_lane: Mapping[str, int],
    layout: _Layout,
    row_h: float,
    axis_x0: float,
) -> _Arrangement:
    """Turn a layout's rows into canvas positions for events and entities."""
    lane_rows = layout.lane_rows
    other_lane = len(lanes)
    lane_boxes: list[dict[str, Any]] = []
    top = 0.0
    for lane in range(len(lanes) + 1):
        if lane == other_lane and lane not in lane_rows:
            break
        n_rows = lane_rows.get(lane, ({}, 1))[1]
        height = n_rows * row_h + _LANE_PAD
        lane_boxes.append(
            {
                "rows": n_rows,
                "actor": lanes[lane] if lane < len(lanes) else None,
                "label": str(G.nodes[lanes[lane]]["label"])
                if lane < len(lanes)
                else "other actors",
                "top": top,
                "bottom": top + height,
            }
        )
        top += height

    pos: dict[str, tuple[float, float]] = {}
    for event in events:
        if event not in layout.geometry:
            continue
        lane = event_lane[event]
        rows, _ = lane_rows[lane]
        y = lane_boxes[lane]["top"] + _LANE_PAD / 2 + (rows[event] + 0.5) * row_h
        y += layout.piled.get(event, 0.0)
        pos[event] = (round(layout.geometry[event][0], 1), round(y, 1))

    band_left = axis_x0 - 60.0
    for i, actor in enumerate(lanes):
        box = lane_boxes[i]
        name = _short(str(G.nodes[actor]["label"]), _HEADER_MAX_CHARS)
        half = min(_HEADER_MAX_PX, _text_width(name, px=7.2)) / 2
        pos[actor] = (round(axis_x0 - 24 - half, 1), round((box["top"] + box["bottom"]) / 2, 1))
        band_left = min(band_left, axis_x0 - 36 - 2 * half)
    right_x = layout.right + 90.0
    right_edge = right_x
    lane_nodes = set(lanes)
    others = []
    for node_id, kind in G.nodes(data="kind"):
        if kind == "entity" and node_id not in lane_nodes:
            ys = [pos[e][1] for e in nx.all_neighbors(G, node_id) if e in pos]
            others.append(
                (sum(ys) / len(ys) if ys else 0.0, str(G.nodes[node_id]["label"]), node_id)
            )
    previous = float("-inf")
    for want, label, node_id in sorted(others):
        y = max(want, previous + _ENTITY_SPACING)
        previous = y
        half = min(_HEADER_MAX_PX, _text_width(label, px=8.0)) / 2
        pos[node_id] = (round(right_x + half, 1), round(y, 1))
        right_edge = max(right_edge, right_x + 2 * half)
    # Entities that head no lane are drawn in the network view only (the timeline
    # names them in tooltips and the list): the frame holds the lanes.
    del right_edge
    return _Arrangement(
        pos=pos,
        lanes=lane_boxes,
        view={"left": band_left, "right": layout.right + 40.0, "top": -40.0, "bottom": top},
        undated=None,
        band_left=band_left,
    )


def _short(label: str, limit: int = 12) -> str:
    """Shorten a label to ``limit`` characters, so it fits an undated slot."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


def _row_height(total_rows: int) -> float:
    # Few rows: spread them out so the fitted page is not a thin strip.
    return max(_ROW_H, min(_MAX_ROW_H, 860.0 / max(1, total_rows)))


def _label_row_caps(n_dated: int) -> tuple[int | None, ...]:
    """Return the caps on labelled rows the opening layout tries for ``n_dated`` events."""
    # Caps on labelled rows only make sense for a story that can be read at once.
    return _LABEL_ROW_CAPS if n_dated <= _MAX_CAPPED_EVENTS else _LABEL_ROW_CAPS[:1]


def _most_tries(n_dated: int) -> int:
    """Return how many layouts :func:`_opening_layout` tries at most."""
    return len(_AXIS_WIDTHS) * len(_label_row_caps(n_dated))


def _opening_layout(
    G: nx.MultiDiGraph,
    dated: list[str],
    bounds: Mapping[str, tuple[date, date] | None],
    labels: Mapping[str, str],
    lanes: list[str],
    event_lane: Mapping[str, int],
    intervals: list[tuple[date, date]],
    *,
    badge_lanes: Collection[int],
    tick: Callable[[int], object] = lambda n: None,
) -> tuple[_Layout, float, int | None]:
    """Choose the time axis and label rows of the opening view.

    The opening view shows every dated event at a zoom where labels read in the
    chart of a 1600 x 900 window: try axis widths and caps on the rows of labelled
    events per lane, and keep the layout that fits at that zoom with the fewest
    labels left to hover (else the one that fits at the largest zoom). At most
    :func:`_most_tries` layouts are tried; ``tick(len(dated))`` follows each.

    Returns:
        The layout, its row height and its cap on labelled rows.
    """
    best: tuple[tuple[bool, float, float], _Layout, float, int | None] | None = None
    # The lane headers' width does not depend on the axis.
    names = [_short(str(G.nodes[a]["label"]), _HEADER_MAX_CHARS) for a in lanes]
    left = min([-60.0] + [-36.0 - min(_HEADER_MAX_PX, _text_width(n, px=7.2)) for n in names])
    caps = _label_row_caps(len(dated))
    for width in _AXIS_WIDTHS:
        scale = _TimeScale.fit(intervals, width=width)
        wide = False
        for cap in caps:
            layout = _place(
                dated, bounds, labels, event_lane, scale, badge_lanes=badge_lanes, label_rows=cap
            )
            tick(len(dated))
            rows = sum(n for _, n in layout.lane_rows.values())
            row_h = _row_height(rows)
            drawn_lanes = len(lanes) + (len(lanes) in layout.lane_rows)
            height = 40.0 + rows * row_h + drawn_lanes * _LANE_PAD
            by_width = _TARGET_W / max(1.0, layout.right + 40.0 - left)
            zoom = min(by_width, _TARGET_H / height)
            readable = zoom >= _READABLE
            key = (readable, -len(layout.bare) if readable else 0.0, zoom)
            if best is None or key > best[0]:
                best = (key, layout, row_h, cap)
            if readable and not layout.bare:
                return layout, row_h, cap
            wide = zoom == by_width
            if wide:
                break  # fewer rows would not help: the drawing is too wide
        if wide and best is not None and not best[0][0]:
            break  # a wider axis would only be wider
    assert best is not None  # _AXIS_WIDTHS is not empty
    return best[1], best[2], best[3]


def timeline_data(
    G: nx.MultiDiGraph, *, title: str = "kg timeline", progress: bool = False
) -> dict[str, Any]:
    """Lay out an event graph as a timeline and return the page's data.

    The page opens with undated events collapsed: each lane shows a badge ("12
    undated") in the undated column instead, and a switch (or a click on a
    badge) brings them back. Both layouts are computed here, on one time axis.

    Args:
        G: An event graph from :func:`kg.convert.events_to_nx`.
        title: Heading of the page.
        progress: Show a bar on stderr (rate and time left) that counts each event
            once per pass over the events: each layout the opening view tries (at
            most :func:`_most_tries`; the total drops when one fits sooner), the
            layout with undated events shown, and the making of the nodes.

    Returns:
        A JSON-ready dict: vis-network ``nodes`` (with fixed ``x``/``y``, their
        position in each layout under ``kg.pos`` and the tooltip facts under
        ``kg``), ``edges``, the axis ``ticks`` and ``breaks``, the ``layouts``
        (``compact`` with undated events collapsed, ``full`` with them shown:
        ``lanes``, ``view`` and ``undated`` column of each), the opening one's
        ``lanes``, ``view`` and ``undated``, ``showUndated`` (whether the page
        opens with them shown), the ``types`` legend and the actor list.
    """
    events = event_nodes(G)
    with bar(None, desc="kg timeline", unit="event", enabled=progress) as shown:
        return _page_data(G, events, title=title, shown=shown)


def _page_data(G: nx.MultiDiGraph, events: list[str], *, title: str, shown: Any) -> dict[str, Any]:
    """Compute :func:`timeline_data`, counting each pass over the events on ``shown``.

    ``shown`` is a bar of :func:`kg.progress.bar`: its total is set here, once the
    number of dated events tells how many layouts may be tried.
    """
    bounds = {e: date_interval(G.nodes[e].get("date")) for e in events}
    dated = [e for e in events if bounds[e] is not None]
    undated = [e for e in events if bounds[e] is None]
    planned = len(dated) * _most_tries(len(dated))
    shown.total = planned + 2 * len(events)
    shown.set_postfix_str("layout", refresh=False)
    shown.refresh()
    laid_out = 0

    def tick(n: int) -> None:
        nonlocal laid_out
        laid_out += n
        shown.update(n)

    lanes, event_lane = _lanes(G, events)
    undated_by_lane: dict[int, list[str]] = {}
    for e in undated:
        undated_by_lane.setdefault(event_lane[e], []).append(e)
    # A label is the action alone: the axis, the list and the tooltip give the date.
    # A disputed event is marked: its sources disagree (the tooltip says on what).
    labels = {
        e: ("\u2260 " if G.nodes[e].get("resolution", {}).get("disputes") else "")
        + _short(str(G.nodes[e].get("label") or G.nodes[e].get("type")))
        for e in events
    }
    intervals = [b for b in bounds.values() if b is not None]
    compact, row_h, cap = _opening_layout(
        G,
        dated,
        bounds,
        labels,
        lanes,
        event_lane,
        intervals,
        badge_lanes=undated_by_lane,
        tick=tick,
    )
    if laid_out < planned:  # a layout fitted before the last try
        shown.total -= planned - laid_out
        shown.refresh()
    scale = compact.scale
    full = _place(events, bounds, labels, event_lane, scale, label_rows=cap)
    shown.update(len(events))
    shown.set_postfix_str("nodes", refresh=False)
    axis_x0 = scale.segments[0].x0 if dated else full.undated_x0
    arranged = {
        "compact": _arrange(G, events, lanes, event_lane, compact, row_h, axis_x0),
        "full": _arrange(G, events, lanes, event_lane, full, row_h, axis_x0),
    }
    show_undated = not dated
    opening = "full" if show_undated else "compact"

    nodes: list[dict[str, Any]] = []
    groups: dict[str, Any] = {}
    bare = compact.bare | full.bare
    periods = {e for e, b in bounds.items() if b is not None and b[0] != b[1]}
    piled = {**compact.piled, **full.piled}
    pile_of = {**compact.under, **full.under}
    piles: dict[str, list[str]] = {}
    for member, head in pile_of.items():
        piles.setdefault(head, []).append(member)
    chronological = sorted(
        events,
        key=lambda e: (bounds[e] is None, *(bounds[e] or (date.min, date.min)), labels[e], e),
    )
    order = {e: i for i, e in enumerate(chronological)}
    # The cards under a pile come first, so the one with the label is drawn on top.
    # Unlabelled periods (bands behind a row) first, then the cards under a pile.
    for event in sorted(events, key=lambda e: (e not in bare or e not in periods, e not in piled)):
        attrs = G.nodes[event]
        cx, width, label = full.geometry[event]
        b = bounds[event]
        period = b is not None and attrs.get("granularity") not in ("day", "time")
        if event in bare and b is not None:
            label = ""  # no room beside its neighbours: the label shows on hover
            width = max(scale.x(b[1] + timedelta(days=1)) - scale.x(b[0]), 12.0)
        group, style = _event_group(str(attrs["type"]), period, bool(attrs.get("date_inferred")))
        groups[group] = style
        where = arranged["full" if bounds[event] is None else opening].pos[event]
        node: dict[str, Any] = {
            "id": event,
            "label": label,
            "group": group,
            "x": where[0],
            "y": where[1],
            "kg": _event_info(G, event),
        }
        if period or event in piled:  # a pile's cards are as wide as its label
            # vis-network draws a box this much wider than its label's width.
            inner = round(max(1.0, width - _BOX_EXTRA), 1)
            # No maximum: a label wider than its period widens the box, never wraps.
            node["widthConstraint"] = {"minimum": inner}
        node["kg"]["color"] = _type_color(str(attrs["type"]))
        node["kg"]["lane"] = event_lane[event]
        node["kg"]["label"] = labels[event]
        node["kg"]["order"] = order[event]
        if event in piled:
            node["kg"]["dy"] = piled[event]
            node["kg"]["pileOf"] = pile_of[event]
        if event in piles:
            node["kg"]["pile"] = piles[event]
        node["kg"]["row"] = {
            name: layout.lane_rows[event_lane[event]][0].get(event)
            for name, layout in (("compact", compact), ("full", full))
            if event_lane[event] in layout.lane_rows
        }
        nodes.append(node)
        shown.update(1)

    lane_nodes = set(lanes)
    for node_id, kind in G.nodes(data="kind"):
        if kind == "entity":
            x, y = arranged[opening].pos[node_id]
            nodes.append(_entity_node(G, node_id, x, y, node_id in lane_nodes, groups))
    for lane, members in sorted(undated_by_lane.items()):
        box = arranged["compact"].lanes[lane]
        groups["badge"] = _BADGE_STYLE
        nodes.append(
            {
                "id": f"kg:undated:{lane}",
                "label": f"{len(members)} undated \u25b8",
                "group": "badge",
                "x": round(compact.undated_x0 + _UNDATED_SLOT / 2, 1),
                "y": round((box["top"] + box["bottom"]) / 2, 1),
                "kg": {"kind": "badge", "lane": lane, "actor": box["actor"], "events": members},
            }
        )
    for node in nodes:
        if node["kg"]["kind"] != "badge":
            node["kg"]["pos"] = {
                name: list(a.pos.get(node["id"], (node["x"], node["y"])))
                for name, a in arranged.items()
            }

    # Many edges cross each other: draw them faintly until a node is hovered or chosen.
    faint = G.number_of_edges() > _FAINT_EDGES
    edges = [
        {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "role": role,
            "color": _edge_color(role, faint=faint),
            **({"dashes": True} if role == "place" else {}),
        }
        for i, (u, v, role) in enumerate(G.edges(data="role"))
    ]

    columns = {
        "compact": (
            {"x0": compact.undated_x0, "x1": compact.undated_x0 + _UNDATED_SLOT}
            if undated
            else None
        ),
        "full": (
            {"x0": full.undated_x0, "x1": full.undated_x0 + full.per_row * _UNDATED_SLOT}
            if undated
            else None
        ),
    }
    layouts = {
        name: {"lanes": a.lanes, "view": a.view, "undated": columns[name], "left": a.band_left}
        for name, a in arranged.items()
    }
    type_counts = Counter(str(G.nodes[e]["type"]) for e in events)
    actors = sorted(
        (
            {"id": n, "label": str(a.get("label", n)), "events": G.degree(n)}
            for n, a in G.nodes(data=True)
            if a.get("kind") == "entity"
        ),
        key=lambda r: (str(r["label"]).casefold(), r["id"]),
    )
    starts = sorted(str(G.nodes[e]["start"]) for e in dated)
    ends = sorted(str(G.nodes[e]["end"]) for e in dated)
    return {
        "title": title,
        "nodes": nodes,
        "groups": groups,
        "edges": edges,
        "ticks": scale.ticks(),
        "segments": [{"x0": round(sg.x0, 1), "x1": round(sg.x1, 1)} for sg in scale.segments],
        "breaks": scale.breaks(),
        "layouts": layouts,
        "showUndated": show_undated,
        "lanes": layouts[opening]["lanes"],
        "axis": {"x0": axis_x0, "x1": scale.end, "left": layouts[opening]["left"]},
        # Where the drawing lies, so the page can frame it before anything is drawn.
        "view": layouts[opening]["view"],
        "rowH": row_h,
        "lanePad": _LANE_PAD,
        "readableScale": _READABLE,
        "legibleScale": _LEGIBLE,
        "roleColors": {role: "rgb({},{},{})".format(*rgb) for role, rgb in _ROLE_COLORS.items()},
        "undated": layouts[opening]["undated"],
        "types": [
            {"type": t, "color": _type_color(t), "count": c}
            for t, c in sorted(type_counts.items(), key=lambda tc: (-tc[1], tc[0]))
        ],
        "actors": actors,
        "counts": {"events": len(events), "dated": len(dated)},
        "range": {"min": starts[0] if starts else None, "max": ends[-1] if ends else None},
    }


# --- page ------------------------------------------------------------------------

_TIMELINE_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False, "stabilization": {"enabled": False, "fit": False}},
    "layout": {"improvedLayout": False},
    "nodes": {"fixed": True},
    "edges": {
        "smooth": False,
        "width": 1.2,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
    },
    "interaction": {
        "hover": True,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": True,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
    },
}


def _network_options(n_nodes: int) -> dict[str, Any]:
    # Physics runs only to settle the layout: the page switches it off on
    # "stabilizationIterationsDone". Big graphs get fewer iterations, so the view
    # opens in seconds rather than minutes.
    return {
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 110},
            "stabilization": {
                "enabled": True,
                "iterations": 300 if n_nodes < 500 else 150 if n_nodes < 2000 else 30,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "edges": {
            "smooth": False,
            "width": 1.2,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    }


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _json_for_script(value: Any) -> str:
    """Serialise ``value`` so it can sit inside a <script> element, whatever it holds.

    Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) are dropped: in
    a name or a sentence they would make the page show text in another order than it has.
    """
    text = _BIDI_CONTROLS.sub("", json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _asset(name: str) -> str:
    return resources.files("kg").joinpath("resources", name).read_text(encoding="utf-8")


@cache
def _vis_asset(name: str) -> str:
    # pyvis ships vis-network inside its package; inline it rather than letting
    # pyvis copy a lib/ folder next to the page or point at a CDN.
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    candidates = sorted(
        lib.glob(f"vis-*/{name}"), key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)]
    )
    if not candidates:
        raise FileNotFoundError(
            f"{name} is missing from the pyvis package at {lib}: reinstall pyvis"
        )
    text = candidates[-1].read_text(encoding="utf-8")
    # Nothing in an inlined asset may close its element early.
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def _render(data: dict[str, Any], title: str) -> str:
    parts = {
        "TITLE": html.escape(title),
        "VIS_CSS": _vis_asset("vis-network.css"),
        "APP_CSS": _asset("timeline.css"),
        "VIS_JS": _vis_asset("vis-network.min.js"),
        "APP_JS": _asset("timeline.js"),
        "DATA": _json_for_script(data),
    }
    # One pass, so text inserted for one placeholder is never read as another.
    return re.sub(r"@@KG_([A-Z_]+)@@", lambda m: parts[m[1]], _asset("timeline.html"))


def timeline_html(
    events: Iterable[Event],
    articles: Mapping[str, Article] | None = None,
    *,
    title: str = "kg timeline",
    actor: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    type: str | Collection[str] | None = None,  # the CLI option has this name
    canonical: Mapping[str, CanonicalEvent] | None = None,
    progress: bool = False,
) -> str:
    """Return the self-contained HTML timeline page of ``events``.

    Args:
        events: The events to draw.
        articles: Articles by id, for titles and links in tooltips.
        title: Page heading.
        actor: Keep only events involving this entity (IRI, label or alias).
        since: Keep only dated events that end on or after this date
            (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a ``date``).
        until: Keep only dated events that start on or before this date.
        type: Keep only events of this type (or these types).
        canonical: Report IRI -> its canonical event (:func:`kg.corefer.by_report`):
            the page then draws one node per canonical event (see
            :func:`collapse_reports`).
        progress: Show a bar of the events drawn (rate and time left) on stderr.

    Returns:
        The page, as one string with vis-network inlined.

    Raises:
        ValueError: ``since`` or ``until`` is not a date.
    """
    kept = _filter_events(events, actor=actor, since=since, until=until, type=type)
    if canonical:
        kept = collapse_reports(kept, canonical)
    G = events_to_nx(kept, articles)
    for event in kept:
        if "resolution" in event.extra:
            G.nodes[event.id]["resolution"] = event.extra["resolution"]
    data = timeline_data(G, title=title, progress=progress)
    applied = {
        k: (v.isoformat() if isinstance(v, date) else v if isinstance(v, str | None) else sorted(v))
        for k, v in {"actor": actor, "since": since, "until": until, "type": type}.items()
        if v
    }
    data["applied"] = applied

    # pyvis carries the vis data and options; the page template is kg's own, so
    # that it inlines every asset (pyvis's template links a CSS framework online).
    net = Network(directed=True, cdn_resources="in_line", heading=title)
    net.nodes = data["nodes"]
    net.edges = data["edges"]
    net.set_options(json.dumps({**_TIMELINE_OPTIONS, "groups": data.pop("groups")}))
    nodes, edges, _, _, _, options = net.get_network_data()
    data.update(nodes=nodes, edges=edges, options=json.loads(options))
    data["networkOptions"] = _network_options(len(nodes))
    data["networkOptions"]["groups"] = data["options"]["groups"]
    return _render(data, title)


def write_timeline(
    path: str | Path,
    events: Iterable[Event],
    articles: Mapping[str, Article] | None = None,
    **filters: Any,
) -> Path:
    """Write the timeline page to ``path`` and return it.

    Args:
        path: The HTML file to write; missing parent folders are created.
        events: The events to draw.
        articles: Articles by id.
        **filters: ``title``, ``actor``, ``since``, ``until``, ``type``, ``canonical``
            and ``progress``, as for :func:`timeline_html`.

    Returns:
        The path written.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(timeline_html(events, articles, **filters), encoding="utf-8")
    return out


def show(
    events: Iterable[Event],
    articles: Mapping[str, Article] | None = None,
    *,
    height: int = 720,
    **kw: Any,
) -> Any:
    """Return the timeline as an inline Jupyter display object.

    The page goes into an ``<iframe srcdoc>`` (escaped), so it shows without a file
    or a server, and its scripts run sandboxed away from the notebook.

    Args:
        events: The events to draw.
        articles: Articles by id.
        height: Height of the frame in pixels.
        **kw: Options of :func:`timeline_html`.

    Returns:
        An ``IPython.display.HTML`` object.
    """
    from IPython.display import HTML

    page = timeline_html(events, articles, **kw)
    frame = (
        '<div class="kg-timeline-frame">'
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe></div>'
    )
    return HTML(frame)  # type: ignore[no-untyped-call]
