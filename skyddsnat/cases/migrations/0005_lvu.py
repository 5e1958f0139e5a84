"""LVU (compulsory care of young people, SFS 1990:52) on the case spine: the act each
intervention is given under, the three LVU interventions, and the LVU time limits as rule data
that start when such an intervention starts.

Citations marked 'verifiera' follow domain.md: a municipality checks and corrects them here or in
the admin, not in code.
"""

import django.db.models.deletion
from django.db import migrations, models

RULES = [
    # kind, amount, unit, citation
    (
        "lvu_court_submission",
        7,
        "days",
        "Beslut om omedelbart omhändertagande ska underställas förvaltningsrätten inom en vecka "
        "från dagen för beslutet, annars upphör det: LVU (1990:52) 7 och 9 §§, verifiera.",
    ),
    (
        "lvu_care_application",
        28,
        "days",
        "Ansökan om vård ska göras inom fyra veckor från den dag omhändertagandet verkställdes, "
        "annars upphör det: LVU (1990:52) 8 och 9 §§, verifiera.",
    ),
    (
        "lvu_reconsideration",
        6,
        "months",
        "Vård med stöd av 2 § ska övervägas minst en gång var sjätte månad, vård med stöd av 3 § "
        "prövas var sjätte månad: LVU (1990:52) 13 §, verifiera.",
    ),
]

INTERVENTIONS = [
    # code, name, citation, rules started when it starts
    (
        "lvu-immediate-custody",
        "Omedelbart omhändertagande (LVU 6 §)",
        "LVU (1990:52) 6 §",
        ["lvu_court_submission", "lvu_care_application"],
    ),
    (
        "lvu-care-2",
        "Vård med stöd av 2 § LVU",
        "LVU (1990:52) 1 och 2 §§ (brister i hemmiljön)",
        ["lvu_reconsideration"],
    ),
    (
        "lvu-care-3",
        "Vård med stöd av 3 § LVU",
        "LVU (1990:52) 1 och 3 §§ (den unges eget beteende)",
        ["lvu_reconsideration"],
    ),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    InterventionType = apps.get_model("cases", "InterventionType")
    InterventionDeadline = apps.get_model("cases", "InterventionDeadline")
    InterventionType.objects.filter(case_kind="lss").update(legal_basis="lss")
    rules = {}
    for kind, amount, unit, citation in RULES:
        rules[kind] = DeadlineRule.objects.create(
            kind=kind, amount=amount, unit=unit, extendable=False, citation=citation
        )
    for code, name, citation, started in INTERVENTIONS:
        itype = InterventionType.objects.create(
            code=code,
            name=name,
            case_kind="children",
            is_placement=True,
            legal_basis="lvu",
            citation=citation,
        )
        for kind in started:
            InterventionDeadline.objects.create(intervention_type=itype, rule=rules[kind])


def unload(apps, schema_editor):
    InterventionType = apps.get_model("cases", "InterventionType")
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    InterventionType.objects.filter(code__in=[i[0] for i in INTERVENTIONS]).delete()
    DeadlineRule.objects.filter(kind__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_lss_implementation_deadline"),
        # The LSS catalogue must exist before its types are marked as given under LSS.
        ("lss", "0002_catalogue"),
    ]

    operations = [
        migrations.AddField(
            model_name="interventiontype",
            name="legal_basis",
            field=models.CharField(
                choices=[("sol", "SoL"), ("lvu", "LVU"), ("lss", "LSS")],
                db_index=True,
                default="sol",
                max_length=3,
                verbose_name="act",
            ),
        ),
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("safety_assessment", "safety assessment"),
                    ("pre_assessment", "pre-assessment"),
                    ("investigation", "investigation"),
                    ("lss_implementation", "implementation of an LSS decision"),
                    ("lvu_court_submission", "immediate custody submitted to the court"),
                    ("lvu_care_application", "application for care under LVU"),
                    ("lvu_reconsideration", "reconsideration of care under LVU"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("safety_assessment", "safety assessment"),
                    ("pre_assessment", "pre-assessment"),
                    ("investigation", "investigation"),
                    ("lss_implementation", "implementation of an LSS decision"),
                    ("lvu_court_submission", "immediate custody submitted to the court"),
                    ("lvu_care_application", "application for care under LVU"),
                    ("lvu_reconsideration", "reconsideration of care under LVU"),
                ],
                max_length=30,
                unique=True,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="InterventionDeadline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "intervention_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deadline_rules",
                        to="cases.interventiontype",
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.deadlinerule",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline started by an intervention",
                "verbose_name_plural": "deadlines started by interventions",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("intervention_type", "rule"), name="intervention_deadline_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(load, unload),
    ]
