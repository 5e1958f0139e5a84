"""The retention rules as loaded: socialtjänstlagen (2001:453) 12 kap. 1–2 §§ as read in SFS
2003:135 and SFS 2005:452 (the texts the search found). The new socialtjänstlag (2025:400), in
force from 1 July 2025, was not at hand: its chapter and section numbers are not verified, and
neither are the research days (the regulation that names them was not found)."""

from django.db import migrations

NEW_LAW = (
    "Motsvarande bestämmelse i nya socialtjänstlagen (2025:400) och dess kapitel- och "
    "paragrafnummer är inte kontrollerade."
)

RULES = [
    {
        "code": "personakt-5-ar",
        "name": "Personakt: gallras fem år efter sista anteckningen",
        "kind": "remove",
        "category": "personal_file",
        "years": 5,
        "completion_years": 1,
        "citation": "12 kap. 1 § socialtjänstlagen (2001:453)",
        "unverified": NEW_LAW,
    },
    {
        "code": "faderskap-foraldraskap",
        "name": "Utredning om faderskap eller föräldraskap: gallras inte",
        "kind": "keep",
        "category": "paternity",
        "citation": "12 kap. 2 § första stycket 1 socialtjänstlagen (2001:453)",
        "unverified": NEW_LAW,
    },
    {
        "code": "adoption",
        "name": "Utredning om adoption: gallras inte",
        "kind": "keep",
        "category": "adoption",
        "citation": "12 kap. 2 § första stycket 2 socialtjänstlagen (2001:453)",
        "unverified": NEW_LAW,
    },
    {
        "code": "placering-av-barn",
        "name": "Placering av barn i HVB, familjehem eller annat enskilt hem: gallras inte",
        "kind": "keep",
        "category": "placement",
        "placement_forms": "family_home,kinship_home,emergency_home,hvb,sis",
        "citation": "12 kap. 2 § första stycket 3 socialtjänstlagen (2001:453)",
        "unverified": NEW_LAW
        + " Om stödboende omfattas (placeringsformen kom till 2016) är inte kontrollerat; det"
        " är inte med här.",
    },
    {
        "code": "avtal-vardnad-boende-umgange",
        "name": "Avtal om vårdnad, boende eller umgänge: gallras inte förrän barnet fyllt 18 år",
        "kind": "keep_until_age",
        "category": "custody_agreement",
        "age": 18,
        "citation": "12 kap. 2 § andra stycket socialtjänstlagen (2001:453); 6 kap. 6 §, "
        "14 a § andra stycket och 15 a § andra stycket föräldrabalken",
        "unverified": NEW_LAW,
    },
    {
        "code": "forskning-fodda-5-15-25",
        "name": "Personer födda den 5, 15 eller 25: bevaras för forskning",
        "kind": "keep_birth_days",
        "category": "personal_file",
        "birth_days": "5,15,25",
        "citation": "12 kap. 2 § tredje stycket socialtjänstlagen (2001:453)",
        "unverified": NEW_LAW
        + " Dagarna (5, 15, 25) och föreskriften som anger dem är inte kontrollerade.",
    },
]


def load(apps, schema_editor):
    Rule = apps.get_model("retention", "RetentionRule")
    for rule in RULES:
        Rule.objects.update_or_create(code=rule["code"], defaults=rule)


def unload(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(
        code__in=[rule["code"] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
