"""Legal time limits and the default intervention catalogue, as data with their citations.

Citations marked 'verifiera' follow domain.md: the new Social Services Act (SFS 2025:400) renumbers
the provisions, and a municipality corrects the text here or in the admin, not in code.
"""

import datetime as dt

from django.db import migrations

RULES = [
    # kind, amount, unit, late receipt cutoff, extendable, citation
    (
        "safety_assessment",
        0,
        "days",
        dt.time(16, 0),
        False,
        "Skyddsbedömning genast: SoL (2001:453) 11 kap. 1 a §; SoL (2025:400), verifiera "
        "numrering. Anmälan efter 16.00 bedöms senast nästa dag (kommunens rutin).",
    ),
    (
        "pre_assessment",
        14,
        "days",
        None,
        False,
        "Förhandsbedömning inom 14 dagar från att anmälan kom in, om inte synnerliga skäl: "
        "SoL (2001:453) 11 kap. 1 a §; SoL (2025:400), verifiera numrering.",
    ),
    (
        "investigation",
        4,
        "months",
        None,
        True,
        "Utredning klar inom fyra månader från beslut att inleda; får förlängas för viss tid vid "
        "särskilda skäl: SoL (2001:453) 11 kap. 2 §; SoL (2025:400), verifiera numrering.",
    ),
]

INTERVENTIONS = [
    # code, name, placement, without needs assessment
    ("contact-person", "Kontaktperson eller kontaktfamilj", False, False),
    ("family-treatment", "Familjebehandling", False, False),
    ("parent-support", "Föräldrastöd i grupp", False, True),
    ("counselling", "Samtalsstöd", False, True),
    ("sig", "Social insatsgrupp (SIG)", False, False),
    ("family-home", "Placering i familjehem", True, False),
    ("emergency-home", "Placering i jourhem", True, False),
    ("hvb", "Placering på HVB", True, False),
    ("supported-housing", "Stödboende", True, False),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    InterventionType = apps.get_model("cases", "InterventionType")
    for kind, amount, unit, cutoff, extendable, citation in RULES:
        DeadlineRule.objects.create(
            kind=kind,
            amount=amount,
            unit=unit,
            late_receipt_cutoff=cutoff,
            extendable=extendable,
            citation=citation,
        )
    for code, name, placement, direct in INTERVENTIONS:
        InterventionType.objects.create(
            code=code,
            name=name,
            case_kind="children",
            is_placement=placement,
            without_needs_assessment=direct,
            citation="SoL (2025:400)",
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
