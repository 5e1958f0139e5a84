"""The LSS 3-month implementation limit as a deadline rule with its citation (additive only)."""

from django.db import migrations, models

CITATION = (
    "Beslut om insats enligt LSS som inte verkställts inom tre månader från dagen för beslutet, "
    "eller vars verkställighet avbrutits i tre månader, rapporteras till IVO och till "
    "revisorerna, och statistik lämnas till fullmäktige, en gång per kvartal: LSS (1993:387) "
    "28 f–h §§."
)


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    DeadlineRule.objects.create(
        kind="lss_implementation", amount=3, unit="months", extendable=False, citation=CITATION
    )


def unload(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.filter(kind="lss_implementation").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_rules_and_catalogue"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("safety_assessment", "safety assessment"),
                    ("pre_assessment", "pre-assessment"),
                    ("investigation", "investigation"),
                    ("lss_implementation", "implementation of an LSS decision"),
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
                ],
                max_length=30,
                unique=True,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
