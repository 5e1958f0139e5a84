"""The budget role and the 2021 budget items of the seed (budget-2021-stockholm.txt) as example
data, with the programmes they follow up and the map from interventions to programmes.

Where the seed states a change both as a percentage and an amount, the base is the one they imply
(177 MSEK at +4.4 % gives a base of 177 / 0.044 = 4,022.7 MSEK); where it states only an added
amount, the base stays empty (not stated) and the added amount is the allocation followed up.
"""

from decimal import Decimal

from django.db import migrations

SOURCE = "Liberalerna i Stockholm: budget 2021 (seeds/budget-2021-stockholm.txt)"

PROGRAMMES = [
    # code, name, description
    ("crime-exit", "Avhopparverksamhet", "Stöd till den som vill lämna kriminella gäng."),
    (
        "children-youth",
        "Socialtjänstens insatser till barn och unga",
        "Tidigare och tydligare insatser för barn och unga.",
    ),
    (
        "welfare-crime",
        "Handläggare mot välfärdsbrott",
        "En handläggare per stadsdel som upptäcker och anmäler välfärdsbrott.",
    ),
    ("lss", "LSS", "Insatser enligt lagen om stöd och service till vissa funktionshindrade."),
    ("social-psychiatry", "Socialpsykiatri", "Stöd till vuxna med psykisk funktionsnedsättning."),
    (
        "sugar-dating",
        "Kunskapslyft om sugardejting",
        "Kompetenshöjning och uppsökande arbete med polisen (inget belopp angivet i budgeten).",
    ),
]

LINES_2021 = [
    # programme, base (SEK) or None, change (SEK), change (%) or None, note
    ("crime-exit", None, 10_000_000, None, "Skjuter till 10 miljoner till verksamhet för avhoppare."),
    ("children-youth", None, 36_000_000, None, "36 miljoner kronor för att förstärka arbetet."),
    ("welfare-crime", None, 8_500_000, None, "8,5 miljoner för handläggare på stadsdelarna."),
    ("lss", 4_022_727_273, 177_000_000, Decimal("4.400"), "Ökar budgeten med 4,4 %, dvs. 177 miljoner."),
    (
        "social-psychiatry",
        355_000_000,
        14_200_000,
        Decimal("4.000"),
        "Ökar anslagen med 4 %, dvs. 14,2 miljoner.",
    ),
]

# Which interventions are each programme's actual cost (by case kind; types may be added as data).
MAPPINGS = [("children-youth", "children"), ("lss", "lss")]


def load(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    BudgetYear = apps.get_model("followup", "BudgetYear")
    Programme = apps.get_model("followup", "Programme")
    ProgrammeMapping = apps.get_model("followup", "ProgrammeMapping")
    BudgetLine = apps.get_model("followup", "BudgetLine")
    Group.objects.get_or_create(name="budget")
    programmes = {
        code: Programme.objects.create(code=code, name=name, description=description)
        for code, name, description in PROGRAMMES
    }
    for code, kind in MAPPINGS:
        ProgrammeMapping.objects.create(programme=programmes[code], case_kind=kind)
    year = BudgetYear.objects.create(year=2021, decided_by="Kommunfullmäktige", source=SOURCE)
    for code, base, change, percent, note in LINES_2021:
        BudgetLine.objects.create(
            year=year,
            programme=programmes[code],
            base_sek=base,
            change_sek=change,
            change_percent=percent,
            note=note,
        )


def unload(apps, schema_editor):
    apps.get_model("followup", "BudgetLine").objects.all().delete()
    apps.get_model("followup", "BudgetYear").objects.all().delete()
    apps.get_model("followup", "ProgrammeMapping").objects.all().delete()
    apps.get_model("followup", "Programme").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name="budget").delete()


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, unload)]
