"""A decision type for ending an investigation without intervention ("avslutas utan insats"),
and its lines in the example delegation order: the caseworker and the unit manager (a
municipality replaces the order with its own in the rule admin)."""

from django.db import migrations, models

LINES = [("BU 2.2", "caseworker"), ("BU 2.3", "manager")]
CITATION = (
    "Delegationsordning för socialnämnden: beslut att avsluta utredning utan insats; "
    "SoL (2025:400), KL 7 kap. 5 §"
)


def load(apps, schema_editor):
    Delegation = apps.get_model("organisation", "Delegation")
    for code, role in LINES:
        Delegation.objects.create(
            code=code, decision_type="end_investigation", role=role, citation=CITATION
        )


def unload(apps, schema_editor):
    apps.get_model("organisation", "Delegation").objects.filter(
        code__in=[code for code, _role in LINES]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0004_lvu_delegation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='delegation',
            name='decision_type',
            field=models.CharField(choices=[('open_investigation', 'open an investigation'), ('no_investigation', 'not open an investigation'), ('extend_investigation', 'extend an investigation'), ('intervention', 'grant or refuse an intervention'), ('end_investigation', 'end an investigation without intervention')], max_length=30, verbose_name='decision'),
        ),
        migrations.RunPython(load, unload),
    ]
