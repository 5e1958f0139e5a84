"""Rule data of the investigation: the parties' reply period of kommunicering (a `DeadlineRule`)
and the age from which the child is a party of their own (a `PartyRule`). What could not be
verified against the statute in force is kept in `unverified`, never shown to staff."""

from django.db import migrations

REPLY_CITATION = "FL (2017:900) 25 § – kommunicering före beslut i ärende som rör part"
REPLY_UNVERIFIED = (
    "FL 25 § says the party is to be told of the material and given the chance to respond "
    "within a set time; it names no length. Seven calendar days is a common municipal "
    "guideline, not law; check the municipality's own routine and whether SoL (2025:400) adds "
    "a special rule."
)
PARTY_CITATION = "SoL (2025:400) – den som fyllt 15 år för själv sin talan; LVU 36 §"
PARTY_UNVERIFIED = (
    "The 15-year rule was SoL (2001:453) 11 kap. 10 §; its section in SoL (2025:400) has not "
    "been checked."
)


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    PartyRule = apps.get_model("investigations", "PartyRule")
    DeadlineRule.objects.update_or_create(
        kind="communication_reply",
        defaults={
            "amount": 7,
            "unit": "days",
            "citation": REPLY_CITATION,
            "unverified": REPLY_UNVERIFIED,
        },
    )
    PartyRule.objects.update_or_create(
        code="child-party-age",
        defaults={
            "name": "Barnet är självt part från",
            "age": 15,
            "citation": PARTY_CITATION,
            "unverified": PARTY_UNVERIFIED,
        },
    )


def unload(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.filter(kind="communication_reply").delete()
    apps.get_model("investigations", "PartyRule").objects.filter(code="child-party-age").delete()


class Migration(migrations.Migration):
    dependencies = [("investigations", "0001_initial"), ("cases", "0012_investigation_content")]
    operations = [migrations.RunPython(load, unload)]
