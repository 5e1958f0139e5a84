"""The ten interventions of LSS 9 § with their rules, an example LSS delegation order and the kinds
of place that have queues. All data: a municipality corrects it here or in the admin, not in code.
"""

from django.db import migrations

INTERVENTIONS = [
    # paragraph, code, name, eligible groups, normally the region's, scope unit
    (1, "lss-advice", "Rådgivning och annat personligt stöd", "1,2,3", True, ""),
    (2, "lss-personal-assistance", "Biträde av personlig assistent", "1,2,3", False, "hours_week"),
    (3, "lss-companion", "Ledsagarservice", "1,2,3", False, "hours_month"),
    (4, "lss-contact-person", "Biträde av kontaktperson", "1,2,3", False, "hours_month"),
    (5, "lss-relief", "Avlösarservice i hemmet", "1,2,3", False, "hours_month"),
    (6, "lss-short-stay", "Korttidsvistelse utanför det egna hemmet", "1,2,3", False, "days_month"),
    (7, "lss-short-supervision", "Korttidstillsyn för skolungdom över 12 år", "1,2,3", False,
     "days_month"),
    (8, "lss-housing-children",
     "Boende i familjehem eller bostad med särskild service för barn eller ungdomar", "1,2,3",
     False, ""),
    (9, "lss-housing-adults",
     "Bostad med särskild service för vuxna eller annan särskilt anpassad bostad", "1,2,3", False,
     ""),
    # Daily activity is for groups 1 and 2 only (LSS 9 § 10).
    (10, "lss-daily-activity", "Daglig verksamhet", "1,2", False, ""),
]

# Age limits a municipality applies (verifiera mot kommunens riktlinjer): 9 § 7 pupils over 12,
# 9 § 8 children and young people, 9 § 9 and 9 § 10 adults.
AGES = {7: (12, None), 8: (None, 20), 9: (18, None), 10: (18, None)}

DELEGATION_CITATION = "Delegationsordning för LSS; LSS (1993:387) 9 §, KL 7 kap. 5 §"

RESOURCE_KINDS = [
    # code, name, citation, intervention codes
    ("lss-housing-children", "Bostad med särskild service för barn och unga", "LSS 9 § 8",
     ["lss-housing-children"]),
    ("lss-housing-adults", "Bostad med särskild service för vuxna (gruppbostad, servicebostad)",
     "LSS 9 § 9", ["lss-housing-adults"]),
    ("school-resource-group", "Resursgrupp i skolan", "Skollagen (2010:800) 3 kap.", []),
    ("sheltered-housing", "Skyddat boende", "SoL (2025:400)", []),
]


def load(apps, schema_editor):
    InterventionType = apps.get_model("cases", "InterventionType")
    InterventionRule = apps.get_model("lss", "InterventionRule")
    Delegation = apps.get_model("organisation", "Delegation")
    ResourceKind = apps.get_model("lss", "ResourceKind")
    by_code = {}
    for paragraph, code, name, groups, region, scope_unit in INTERVENTIONS:
        itype = InterventionType.objects.create(
            code=code, name=name, case_kind="lss", citation=f"LSS 9 § {paragraph}"
        )
        by_code[code] = itype
        InterventionRule.objects.create(
            intervention_type=itype,
            paragraph=paragraph,
            eligible_groups=groups,
            normally_region=region,
            scope_unit=scope_unit,
            in_october_statistics=paragraph >= 2,
            min_age=AGES.get(paragraph, (None, None))[0],
            max_age=AGES.get(paragraph, (None, None))[1],
        )
        # Officers decide everything but housing; the manager decides every LSS intervention.
        if paragraph not in (8, 9):
            Delegation.objects.create(
                code=f"LSS 1.{paragraph}",
                decision_type="intervention",
                role="lss_officer",
                intervention_type=itype,
                citation=DELEGATION_CITATION,
            )
        Delegation.objects.create(
            code=f"LSS 2.{paragraph}",
            decision_type="intervention",
            role="manager",
            intervention_type=itype,
            citation=DELEGATION_CITATION,
        )
    for code, name, citation, interventions in RESOURCE_KINDS:
        kind = ResourceKind.objects.create(code=code, name=name, citation=citation)
        kind.intervention_types.set([by_code[c] for c in interventions])


class Migration(migrations.Migration):
    dependencies = [
        ("lss", "0001_initial"),
        ("cases", "0004_lss_implementation_deadline"),
        ("organisation", "0003_delegation"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
