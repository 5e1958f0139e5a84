# Issue 10 point 5: sheltered housing (skyddat boende) through the generic places and queues. The
# kind of place (code `skyddat-boende`, which the crime-exit programme uses too) serves the
# intervention of the same code, so a granted decision waits in its queue. The kind loaded in
# 0002 as `sheltered-housing` (without an intervention) becomes this one.

from django.db import migrations

CODE = "skyddat-boende"
NAME = "Skyddat boende"
CITATION = "SoL (2001:453) 4 kap. 1 §, 5 kap. 11 §"


def load(apps, schema_editor):
    InterventionType = apps.get_model("cases", "InterventionType")
    ResourceKind = apps.get_model("lss", "ResourceKind")
    itype, _created = InterventionType.objects.get_or_create(
        code=CODE, defaults={"name": NAME, "case_kind": "children", "citation": CITATION}
    )
    kind = ResourceKind.objects.filter(code=CODE).first()
    if kind is None:
        kind = ResourceKind.objects.filter(code="sheltered-housing").first()
    if kind is None:
        kind = ResourceKind(code=CODE)
    kind.code = CODE
    kind.name = NAME
    kind.citation = CITATION
    kind.save()
    kind.intervention_types.add(itype)


def unload(apps, schema_editor):
    ResourceKind = apps.get_model("lss", "ResourceKind")
    kind = ResourceKind.objects.filter(code=CODE).first()
    if kind is not None:
        kind.intervention_types.clear()
        if not ResourceKind.objects.filter(code="sheltered-housing").exists():
            kind.code = "sheltered-housing"
            kind.citation = "SoL (2025:400)"
            kind.save()


class Migration(migrations.Migration):
    dependencies = [
        ("lss", "0004_longer_role"),
        ("cases", "0011_deadline_rule_unverified"),
    ]

    operations = [migrations.RunPython(load, unload)]
