"""Crime exit's protected housing waits in the queue of the sheltered-housing kind of place
(`skyddat-boende`, loaded by lss 0005): a granted `avhopp-skyddat-boende` joins that queue through
the spine's decision hook, as the children's sheltered housing does."""

from django.db import migrations

KIND = "skyddat-boende"
INTERVENTION = "avhopp-skyddat-boende"


def link(apps, schema_editor):
    ResourceKind = apps.get_model("lss", "ResourceKind")
    InterventionType = apps.get_model("cases", "InterventionType")
    kind = ResourceKind.objects.filter(code=KIND).first()
    intervention = InterventionType.objects.filter(code=INTERVENTION).first()
    if kind is not None and intervention is not None:
        kind.intervention_types.add(intervention)


def unlink(apps, schema_editor):
    ResourceKind = apps.get_model("lss", "ResourceKind")
    InterventionType = apps.get_model("cases", "InterventionType")
    kind = ResourceKind.objects.filter(code=KIND).first()
    intervention = InterventionType.objects.filter(code=INTERVENTION).first()
    if kind is not None and intervention is not None:
        kind.intervention_types.remove(intervention)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_rule_data"),
        ("lss", "0005_protection_sheltered_housing"),
    ]
    operations = [migrations.RunPython(link, unlink)]
