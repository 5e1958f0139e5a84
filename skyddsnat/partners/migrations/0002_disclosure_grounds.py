"""Rule data: the legal grounds on which social services may disclose without consent. Each
with its citation; what could not be verified against a stored source is said in `unverified`
(searched 2026-12-03), never shown on a page as fact."""

from django.db import migrations

GROUNDS = [
    {
        "code": "osl-10-18a-police-under-21",
        "name": "Uppgift till Polismyndigheten om någon under 21 år för att förhindra brott",
        "citation": "OSL 10 kap. 18 a §",
        "agency": "police",
        "under_age": 21,
        "note": (
            "Disclosure to the police about a person under 21, where the information can help "
            "prevent the young person from committing crime (the issue's example; SSPF, SIG)."
        ),
        "unverified": (
            "The wording of 10 kap. 18 a § was not found in the stored sources; the citation, "
            "the age limit (21) and the recipient are the issue's."
        ),
    },
    {
        "code": "osl-10-18c-police-violence-close",
        "name": "Uppgift till Polismyndigheten för att förhindra våld mot närstående",
        "citation": "OSL 10 kap. 18 c §",
        "agency": "police",
        "under_age": None,
        "note": (
            "Disclosure to the police about a person or a close relative, where there is a risk "
            "that the person commits a crime under BrB 3, 4 or 6 kap. against the relative "
            "(minimum one year's imprisonment), the information may help prevent it, and it is "
            "not unsuitable given the interventions."
        ),
        "unverified": (
            "Found only as the text of a legislative proposal (a copy on 5dok.org); that it is "
            "in force in this wording was not verified."
        ),
    },
]


def load(apps, schema_editor):
    ground = apps.get_model("partners", "DisclosureGround")
    for row in GROUNDS:
        ground.objects.update_or_create(code=row["code"], defaults=row)


def unload(apps, schema_editor):
    apps.get_model("partners", "DisclosureGround").objects.filter(
        code__in=[row["code"] for row in GROUNDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
