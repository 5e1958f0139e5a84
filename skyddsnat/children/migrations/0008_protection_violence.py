# Issue 10 point 5: violence marked on a report, and the rule data that opens an investigation at
# once when the child was exposed to or witnessed violence.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CITATION = (
    "SoL (2001:453) 11 kap. 1 § (utredning utan dröjsmål); SOSFS 2014:4 om våld i nära "
    "relationer (barn som utsatts för eller bevittnat våld)"
)
UNVERIFIED = (
    "Motsvarigheten i nya socialtjänstlagen (2025:400) och vilket kapitel och vilken paragraf i "
    "Socialstyrelsens föreskrifter om våld i nära relationer (SOSFS 2014:4 eller föreskrifter som "
    "ersatt den) som säger att nämnden utan dröjsmål ska inleda utredning när ett barn utsatts för "
    "eller bevittnat våld är inte verifierade. Regeln gäller varje slag av våld (tomt slag)."
)
RULES = [
    # code, name, exposure
    ("child-exposed", "Barnet har utsatts för våld", "exposed"),
    ("child-witnessed", "Barnet har bevittnat våld", "witnessed"),
]


def load(apps, schema_editor):
    Rule = apps.get_model("children", "ImmediateInvestigationRule")
    for code, name, exposure in RULES:
        Rule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "exposure": exposure,
                "kind": "",
                "active": True,
                "citation": CITATION,
                "unverified": UNVERIFIED,
            },
        )


def unload(apps, schema_editor):
    Rule = apps.get_model("children", "ImmediateInvestigationRule")
    Rule.objects.filter(code__in=[code for code, _name, _exposure in RULES]).delete()


KINDS = [
    ("physical", "physical violence"),
    ("psychological", "psychological violence"),
    ("sexual", "sexual violence"),
    ("economic", "material and economic violence"),
    ("neglect", "neglect"),
    ("honour", "honour-related violence and oppression"),
    ("forced_marriage", "forced marriage or child marriage"),
    ("genital_mutilation", "female genital mutilation"),
]
EXPOSURES = [
    ("exposed", "the child was exposed to violence"),
    ("witnessed", "the child witnessed violence"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0007_pre_assessment_exceptional_reasons"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImmediateInvestigationRule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("exposure", models.CharField(choices=EXPOSURES, max_length=10, verbose_name="exposure")),
                ("kind", models.CharField(blank=True, choices=KINDS, max_length=20, verbose_name="kind of violence")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("citation", models.CharField(max_length=300, verbose_name="citation")),
                ("unverified", models.TextField(blank=True, verbose_name="not verified")),
            ],
            options={
                "verbose_name": "rule for an immediate investigation",
                "verbose_name_plural": "rules for an immediate investigation",
                "ordering": ["code"],
                "constraints": [
                    models.UniqueConstraint(fields=("exposure", "kind"), name="immediate_investigation_rule_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportViolence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kinds", models.JSONField(default=list, verbose_name="kinds of violence")),
                ("child_exposed", models.BooleanField(default=False, verbose_name="the child was exposed to violence")),
                ("child_witnessed", models.BooleanField(default=False, verbose_name="the child witnessed violence")),
                ("investigation_opened", models.BooleanField(default=False, verbose_name="investigation opened at once")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("report", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="violence", to="children.report")),
                ("rule", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="children.immediateinvestigationrule")),
            ],
            options={
                "verbose_name": "violence in a report",
                "verbose_name_plural": "violence in reports",
            },
        ),
        migrations.RunPython(load, unload),
    ]
