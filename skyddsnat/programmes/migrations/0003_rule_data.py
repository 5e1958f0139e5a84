"""Rule data of the programmes: who each programme takes (ages, with the source and what of it is
not verified), the interventions a participant may be granted in the ordinary way, and the
example delegation order's lines for the programme coordinator."""

from django.db import migrations

UNVERIFIED = (
    "The age band is the approximate one of the seed's policy texts (issue 10: 'about 15–25' for "
    "SIG, '12–18' for SSPF); not checked against the city's guidelines in force."
)

RULES = [
    ("sig", 15, 25, "Stockholms stad, sociala insatsgrupper (SIG): unga i riskzon", UNVERIFIED),
    ("sspf", 12, 18, "SSPF-samverkan (skola, socialtjänst, polis, fritid)", UNVERIFIED),
    ("crime-exit", None, None, "Avhopparverksamhet: ingen åldersgräns", ""),
]

INTERVENTIONS = [
    ("avhopp-stod", "Stöd vid avhopp från kriminalitet", "SoL 4 kap. 1 §", "PR 1.1"),
    ("avhopp-skyddat-boende", "Skyddat boende vid avhopp", "SoL 4 kap. 1 §", "PR 1.2"),
]


def load(apps, schema_editor):
    ProgrammeRule = apps.get_model("programmes", "ProgrammeRule")
    InterventionType = apps.get_model("cases", "InterventionType")
    Delegation = apps.get_model("organisation", "Delegation")
    for programme, low, high, citation, unverified in RULES:
        ProgrammeRule.objects.update_or_create(
            programme=programme,
            defaults={
                "min_age": low,
                "max_age": high,
                "citation": citation,
                "unverified": unverified,
            },
        )
    for code, name, citation, line in INTERVENTIONS:
        itype, _ = InterventionType.objects.get_or_create(
            code=code,
            defaults={"name": name, "case_kind": "programme", "citation": citation},
        )
        Delegation.objects.get_or_create(
            code=line,
            defaults={
                "decision_type": "intervention",
                "role": "coordinator",
                "intervention_type": itype,
                "citation": citation,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("organisation", "Delegation").objects.filter(
        code__in=[line for *_, line in INTERVENTIONS]
    ).delete()
    apps.get_model("cases", "InterventionType").objects.filter(
        code__in=[code for code, *_ in INTERVENTIONS]
    ).delete()
    apps.get_model("programmes", "ProgrammeRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_rules_groups_outcomes"),
        ("cases", "0018_programmes_case_kind"),
        ("organisation", "0007_programme_roles_and_agency"),
    ]

    operations = [migrations.RunPython(load, unload)]
