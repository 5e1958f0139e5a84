"""LVU decisions in the example delegation order.

Care under LVU is decided by the committee, and immediate custody (LVU 6 §) by the committee or,
when its decision cannot wait, its chair; neither can be delegated to an official. The lines below
let the unit manager record such a decision in the case; caseworkers have none, so
`delegation_for` refuses them.
"""

from django.db import migrations

LINES = [
    # code, intervention code, citation
    (
        "BU 4.1",
        "lvu-immediate-custody",
        "LVU 6 § – beslut av nämnden eller ordföranden (eller annan ledamot som nämnden "
        "förordnat); registreras av enhetschef. Kan inte delegeras till tjänsteman.",
    ),
    (
        "BU 4.2",
        "lvu-care-2",
        "LVU 4 § – nämnden ansöker om vård enligt 2 §, förvaltningsrätten beslutar; "
        "registreras av enhetschef. Kan inte delegeras till tjänsteman.",
    ),
    (
        "BU 4.3",
        "lvu-care-3",
        "LVU 4 § – nämnden ansöker om vård enligt 3 §, förvaltningsrätten beslutar; "
        "registreras av enhetschef. Kan inte delegeras till tjänsteman.",
    ),
]


def load(apps, schema_editor):
    Delegation = apps.get_model("organisation", "Delegation")
    InterventionType = apps.get_model("cases", "InterventionType")
    for code, intervention, citation in LINES:
        Delegation.objects.create(
            code=code,
            decision_type="intervention",
            role="manager",
            intervention_type=InterventionType.objects.get(code=intervention),
            citation=citation,
        )


def unload(apps, schema_editor):
    apps.get_model("organisation", "Delegation").objects.filter(
        code__in=[line[0] for line in LINES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0003_delegation"), ("cases", "0005_lvu")]
    operations = [migrations.RunPython(load, unload)]
