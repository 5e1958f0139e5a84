"""Equal treatment computed in Python straight from the records: the SQLite demo's path, and the
second computation the tests compare the PostgreSQL reaction months with, cell by cell."""

import datetime as dt
import math
from collections import defaultdict
from itertools import chain

from django.utils import timezone

from skyddsnat.cases.models import Decision, Intervention, Investigation
from skyddsnat.children.models import EarlyHelp, Report
from skyddsnat.followup.equality.figures import (
    ALL,
    CITY,
    WINDOW_DAYS,
    Cell,
    Grouping,
    _bounds,
    _keys,
    percentile_cont,
)
from skyddsnat.followup.limits import Limits
from skyddsnat.followup.splits import AGE_BAND, Bands, age_on, birth_date, part_of, sex_code
from skyddsnat.organisation.models import DecisionType
from skyddsnat.people.models import Person

PRE_DECISIONS = (DecisionType.OPEN_INVESTIGATION.value, DecisionType.NO_INVESTIGATION.value)


def compute_python(
    *,
    start: dt.date,
    end: dt.date,
    on: dt.date,
    grouping: Grouping,
    limits: Limits,
    split: str | None = None,
) -> dict[tuple[str, str], Cell]:
    """The figures per (group, period) straight from the records; with a `split`, also per
    (group|part, period) by the child's sex or age band on the report's day."""
    lower, upper = _bounds(start, end)
    in_period = Report.objects.filter(received_at__gte=lower, received_at__lt=upper)
    reports = list(
        in_period.values_list(
            "id",
            "case_id",
            "child_id",
            "district_id",
            "received_at",
            "safety_assessment__assessed_at",
        )
    )
    case_ids = in_period.values("case_id")
    bands = Bands.load() if split == AGE_BAND else None
    people = {
        pk: (number, recorded)
        for pk, number, recorded in Person.objects.filter(
            pk__in=in_period.values("child_id")
        ).values_list("pk", "personal_identity_number", "date_of_birth")
        if split
    }
    first: dict[int, tuple[dt.datetime, int]] = {}
    for case_id, report_id, received_at in Report.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "id", "received_at"
    ):
        if case_id not in first or (received_at, report_id) < first[case_id]:
            first[case_id] = (received_at, report_id)
    pre: dict[int, dt.date] = {}
    for case_id, decided_on in Decision.objects.filter(
        case_id__in=case_ids, decision_type__in=PRE_DECISIONS
    ).values_list("case_id", "decided_on"):
        pre[case_id] = min(decided_on, pre.get(case_id, decided_on))
    # The first intervention: a decided one, or early help offered from the case (no decision).
    first_intervention: dict[int, dt.date] = {}
    started = chain(
        Intervention.objects.filter(case_id__in=case_ids).values_list("case_id", "started_on"),
        EarlyHelp.objects.filter(case_id__in=case_ids).values_list("case_id", "started_on"),
    )
    for case_id, started_on in started:
        first_intervention[case_id] = min(started_on, first_intervention.get(case_id, started_on))
    investigations = {
        case_id: (opened_on, closed_on)
        for case_id, opened_on, closed_on in Investigation.objects.filter(
            case_id__in=case_ids
        ).values_list("case_id", "opened_on", "closed_on")
    }

    samples: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    samples[(CITY, ALL)]  # the whole city has a cell even without reports, like the months
    for report_id, case_id, child_id, district_id, received_at, assessed_at in reports:
        slug = grouping.district_group[district_id]
        received_day = timezone.localtime(received_at).date()
        safety_days = (
            math.floor((assessed_at - received_at).total_seconds() / 3600) / 24
            if assessed_at
            else None
        )
        if safety_days is not None and safety_days > WINDOW_DAYS["safety"]:
            safety_days = None
        fact: dict[str, float | bool | None] = {"safety": safety_days}
        if first[case_id][1] == report_id:
            first_day = received_day
            pre_decided_on = pre.get(case_id)
            if (
                pre_decided_on is not None
                and (pre_decided_on - first_day).days > WINDOW_DAYS["pre"]
            ):
                pre_decided_on = None  # outside the window: as if still undecided (late)
            if pre_decided_on is not None:
                pre_days = (pre_decided_on - first_day).days
                fact["pre"] = pre_days
                fact["pre_late"] = pre_decided_on > limits.pre_assessment.after(first_day)
            elif on > limits.pre_assessment.after(first_day):
                fact["pre_late"] = True
            if case_id in first_intervention:
                days = (first_intervention[case_id] - first_day).days
                if days <= WINDOW_DAYS["intervention"]:
                    fact["intervention"] = days
            opened_on, closed_on = investigations.get(case_id, (None, None))
            if (
                opened_on is not None
                and (opened_on - first_day).days > WINDOW_DAYS["investigation_opened"]
            ):
                opened_on = None
            if opened_on is not None:
                if (
                    closed_on is not None
                    and (closed_on - opened_on).days > WINDOW_DAYS["investigation"]
                ):
                    closed_on = None  # still open at the end of its window
                limit = limits.investigation.after(opened_on)
                if closed_on is not None:
                    fact["investigation"] = (closed_on - opened_on).days
                    fact["investigation_over"] = closed_on > limit
                elif on > limit:
                    fact["investigation_over"] = True
        part = None
        if split:
            number, recorded = people.get(child_id, (None, None))
            band = -1
            if bands is not None:
                band = bands.band_of(age_on(birth_date(number, recorded), received_day))
            part = part_of(split, sex_code(number), band)
        for key in _keys(grouping, slug, received_day.strftime("%Y-%m"), part):
            bucket = samples[key]
            bucket["children"].append(child_id)
            for name, value in fact.items():
                if value is not None:
                    bucket[name].append(value)
                    bucket[f"{name}_children"].append(child_id)

    cells: dict[tuple[str, str], Cell] = {}
    for (group, period), bucket in samples.items():

        def distinct(name: str, bucket: dict[str, list] = bucket) -> int:
            return len(set(bucket[f"{name}_children"]))

        def share(name: str, bucket: dict[str, list] = bucket) -> float | None:
            flags = bucket[name]
            return sum(flags) / len(flags) if flags else None

        cells[(group, period)] = Cell(
            group=group,
            period=period,
            values={
                "reports": len(bucket["children"]),
                "children": len(set(bucket["children"])),
                "safety_median": percentile_cont(bucket["safety"], 0.5),
                "safety_p90": percentile_cont(bucket["safety"], 0.9),
                "safety_n": distinct("safety"),
                "pre_median": percentile_cont(bucket["pre"], 0.5),
                "pre_p90": percentile_cont(bucket["pre"], 0.9),
                "pre_n": distinct("pre"),
                "pre_late_share": share("pre_late"),
                "pre_late_n": distinct("pre_late"),
                "intervention_median": percentile_cont(bucket["intervention"], 0.5),
                "intervention_p90": percentile_cont(bucket["intervention"], 0.9),
                "intervention_n": distinct("intervention"),
                "investigation_median": percentile_cont(bucket["investigation"], 0.5),
                "investigation_p90": percentile_cont(bucket["investigation"], 0.9),
                "investigation_n": distinct("investigation"),
                "investigation_over_share": share("investigation_over"),
                "investigation_over_n": distinct("investigation_over"),
            },
        )
    return cells
