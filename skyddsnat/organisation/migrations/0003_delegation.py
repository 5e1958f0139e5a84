"""An example delegation order for children and youth (a municipality replaces it with its own).

Caseworkers open investigations and decide on open-care interventions; extensions and placements
are decided by the unit manager.
"""

from django.db import migrations

LINES = [
    # code, decision type, role, intervention code or None for every intervention
    ("BU 1.1", "open_investigation", "caseworker", None),
    ("BU 1.2", "open_investigation", "manager", None),
    ("BU 1.3", "no_investigation", "caseworker", None),
    ("BU 1.4", "no_investigation", "manager", None),
    ("BU 2.1", "extend_investigation", "manager", None),
    ("BU 3.1", "intervention", "manager", None),
    ("BU 3.2", "intervention", "caseworker", "contact-person"),
    ("BU 3.3", "intervention", "caseworker", "family-treatment"),
    ("BU 3.4", "intervention", "caseworker", "parent-support"),
    ("BU 3.5", "intervention", "caseworker", "counselling"),
    ("BU 3.6", "intervention", "caseworker", "sig"),
]
CITATION = "Delegationsordning för socialnämnden; SoL (2025:400), KL 7 kap. 5 §"


def load(apps, schema_editor):
    Delegation = apps.get_model("organisation", "Delegation")
    InterventionType = apps.get_model("cases", "InterventionType")
    for code, decision_type, role, intervention in LINES:
        Delegation.objects.create(
            code=code,
            decision_type=decision_type,
            role=role,
            intervention_type=(
                InterventionType.objects.get(code=intervention) if intervention else None
            ),
            citation=CITATION,
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_stockholm"), ("cases", "0003_rules_and_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
