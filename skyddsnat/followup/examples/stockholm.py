"""Stockholm's 2021 budget items of the seed (budget-2021-stockholm.txt) as example data, with the
programmes they follow up and the map from interventions to programmes.

Where the seed states a change both as a percentage and an amount, the base is the one they imply
(177 MSEK at +4.4 % gives a base of 177 / 0.044 = 4,022.7 MSEK); where it states only an added
amount, the base stays empty (not stated) and the added amount is the allocation followed up.

Loaded by `manage.py load_example stockholm`; until December 2026 it was migration
followup/0002_budget_2021, which databases created before then have applied.
"""

from decimal import Decimal

from django.db import transaction

from skyddsnat.cases.models import CaseKind, InterventionType
from skyddsnat.followup.models import (
    BudgetLine,
    BudgetYear,
    Programme,
    ProgrammeMapping,
    StaffCostMapping,
)
from skyddsnat.organisation.examples import Log, tally
from skyddsnat.organisation.models import Role

SOURCE = "Liberalerna i Stockholm: budget 2021 (seeds/budget-2021-stockholm.txt)"
YEAR = 2021
DECIDED_BY = "Kommunfullmäktige"

PROGRAMMES = [
    # code, name, description
    ("crime-exit", "Avhopparverksamhet", "Stöd till den som vill lämna kriminella gäng."),
    (
        "children-youth",
        "Socialtjänstens insatser till barn och unga",
        "Tidigare och tydligare insatser för barn och unga.",
    ),
    (
        "welfare-crime",
        "Handläggare mot välfärdsbrott",
        "En handläggare per stadsdel som upptäcker och anmäler välfärdsbrott.",
    ),
    ("lss", "LSS", "Insatser enligt lagen om stöd och service till vissa funktionshindrade."),
    ("social-psychiatry", "Socialpsykiatri", "Stöd till vuxna med psykisk funktionsnedsättning."),
    (
        "sugar-dating",
        "Kunskapslyft om sugardejting",
        "Kompetenshöjning och uppsökande arbete med polisen (inget belopp angivet i budgeten).",
    ),
]

LINES = [
    # programme, base (SEK) or None, change (SEK), change (%) or None, note
    (
        "crime-exit",
        None,
        10_000_000,
        None,
        "Skjuter till 10 miljoner till verksamhet för avhoppare.",
    ),
    ("children-youth", None, 36_000_000, None, "36 miljoner kronor för att förstärka arbetet."),
    ("welfare-crime", None, 8_500_000, None, "8,5 miljoner för handläggare på stadsdelarna."),
    (
        "lss",
        4_022_727_273,
        177_000_000,
        Decimal("4.400"),
        "Ökar budgeten med 4,4 %, dvs. 177 miljoner.",
    ),
    (
        "social-psychiatry",
        355_000_000,
        14_200_000,
        Decimal("4.000"),
        "Ökar anslagen med 4 %, dvs. 14,2 miljoner.",
    ),
]

# Which interventions are each programme's actual cost (by case kind; types may be added as data).
MAPPINGS = [("children-youth", CaseKind.CHILDREN), ("lss", CaseKind.LSS)]

# The crime-exit programme's interventions (skyddsnat.programmes, loaded by its migration 0003):
# their recorded cost is the programme's actual cost, and the +10 MSEK of 2021 funds them.
FUNDED_BY_TYPE = [("crime-exit", ("avhopp-stod", "avhopp-skyddat-boende"))]

# Whose salaries are a programme's cost: the +8.5 MSEK pays a welfare-crime officer in every
# district, so the line is compared with the estimated cost of the welfare-crime officers' staff
# figures (any kind of unit). The same mapping as migration followup/0016 makes on old databases.
STAFF_COSTS = [("welfare-crime", Role.WELFARE_CRIME, "")]


@transaction.atomic
def load(*, log: Log) -> int:
    """Create what is missing of the 2021 budget; what exists is left as it is. Returns the number
    of rows created."""
    programmes: dict[str, Programme] = {}
    made_programmes = 0
    for code, name, description in PROGRAMMES:
        programmes[code], made = Programme.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        made_programmes += made
    made_mappings = 0
    for code, kind in MAPPINGS:
        _mapping, made = ProgrammeMapping.objects.get_or_create(
            case_kind=kind, defaults={"programme": programmes[code]}
        )
        made_mappings += made
    year, made_year = BudgetYear.objects.get_or_create(
        year=YEAR, defaults={"decided_by": DECIDED_BY, "source": SOURCE}
    )
    made_lines = 0
    for code, base, change, percent, note in LINES:
        _line, made = BudgetLine.objects.get_or_create(
            year=year,
            programme=programmes[code],
            district=None,
            defaults={
                "base_sek": base,
                "change_sek": change,
                "change_percent": percent,
                "note": note,
            },
        )
        made_lines += made
    made_mappings += _funded_by_type(year, programmes)
    for code, role, unit_kind in STAFF_COSTS:
        _staff, made = StaffCostMapping.objects.get_or_create(
            role=role, unit_kind=unit_kind, defaults={"programme": programmes[code]}
        )
        made_mappings += made
    log(
        f"Budget {YEAR}: {tally(made_programmes, len(PROGRAMMES), 'program')}, "
        f"{tally(made_lines, len(LINES), 'budgetrader')}."
    )
    return made_programmes + made_mappings + int(made_year) + made_lines


def _funded_by_type(year: BudgetYear, programmes: dict[str, Programme]) -> int:
    """Map the programmes' intervention types to their budget programme and let the year's
    city-wide line fund them (what is there already stays)."""
    made = 0
    for code, type_codes in FUNDED_BY_TYPE:
        types = list(InterventionType.objects.filter(code__in=type_codes))
        for itype in types:
            _mapping, created = ProgrammeMapping.objects.get_or_create(
                intervention_type=itype, defaults={"programme": programmes[code]}
            )
            made += created
        line = BudgetLine.objects.filter(
            year=year, programme=programmes[code], district=None
        ).first()
        if line is not None:
            line.funds.add(*types)
    return made
