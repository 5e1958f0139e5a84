"""The care flow's time limits as rule data, each with its citation; what could not be checked
against the statute in force is in `unverified`, never in a text staff read.

The LVU limits now start from the events the care flow records (custody decided, carried out;
care begun; the last decision on care), so the spine no longer starts them when an LVU
intervention starts, and care under LVU no longer "follows" custody as a spine decision: it is the
court's decision, recorded in the LVU section of the case (skyddsnat.care.services.lvu).
"""

from django.db import migrations

LVU_NOTE = "Lydelsen i LVU (1990:52) är inte kontrollerad mot gällande SFS i detta system."
SOL_NOTE = (
    "Hänvisningen gäller SoL (2001:453). Motsvarande bestämmelse i SoL (2025:400) är inte "
    "verifierad (ny numrering)."
)

RULES = [
    # kind, amount, unit, citation, unverified
    (
        "lvu_review",
        6,
        "months",
        "Vård med stöd av 3 § ska prövas inom sex månader från den dag då verkställigheten av "
        "beslutet om vård påbörjades och därefter inom sex månader från den senaste prövningen: "
        "LVU (1990:52) 13 § andra stycket. Beslutet kan överklagas (LVU 41 §).",
        LVU_NOTE,
    ),
    (
        "lvu_care_end_2",
        216,
        "months",
        "Vård med stöd av 2 § upphör senast när den unge fyller 18 år: LVU (1990:52) 21 § "
        "tredje stycket.",
        LVU_NOTE + " Räknas från födelsedagen (216 månader).",
    ),
    (
        "lvu_care_end_3",
        252,
        "months",
        "Vård med stöd av 3 § upphör senast när den unge fyller 21 år: LVU (1990:52) 21 § "
        "tredje stycket.",
        LVU_NOTE + " Räknas från födelsedagen (252 månader).",
    ),
    (
        "placement_visit",
        3,
        "months",
        "Den socialsekreterare som ansvarar för barnet ska regelbundet besöka barnet och enskilt "
        "samtala med barnet: SoL (2001:453) 6 kap. 7 b §. Kommunens riktlinje: minst ett besök "
        "per kvartal.",
        SOL_NOTE + " Lagen anger 'regelbundet'; tre månader är kommunens riktlinje (Socialstyrelsen "
        "anger minst fyra besök per år som vägledning), inte en lagstadgad frekvens.",
    ),
    (
        "placement_reconsideration",
        6,
        "months",
        "Vård i familjehem eller hem för vård eller boende med stöd av SoL ska övervägas minst "
        "en gång var sjätte månad: SoL (2001:453) 6 kap. 8 § första stycket.",
        SOL_NOTE,
    ),
    (
        "custody_transfer",
        24,
        "months",
        "När barnet har varit placerat i samma familjehem i två år ska nämnden särskilt överväga "
        "om det finns skäl att ansöka om överflyttning av vårdnaden (föräldrabalken 6 kap. 8 §): "
        "SoL (2001:453) 6 kap. 8 § andra stycket, LVU (1990:52) 13 § tredje stycket.",
        SOL_NOTE + " " + LVU_NOTE,
    ),
    (
        "custody_transfer_yearly",
        12,
        "months",
        "Därefter övervägs en överflyttning av vårdnaden minst en gång var tolfte månad: SoL "
        "(2001:453) 6 kap. 8 § andra stycket, LVU (1990:52) 13 § tredje stycket.",
        SOL_NOTE + " " + LVU_NOTE,
    ),
]

LVU_CODES = ["lvu-immediate-custody", "lvu-care-2", "lvu-care-3"]
# What cases migration 0011 wrote in `unverified` of the LVU rules: a rule that still has it has
# not been corrected by the municipality, so its citation may be made more exact here.
UNTOUCHED = "Paragraferna i LVU (1990:52) är inte verifierade mot gällande lydelse."


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    InterventionType = apps.get_model("cases", "InterventionType")
    InterventionDeadline = apps.get_model("cases", "InterventionDeadline")
    for kind, amount, unit, citation, unverified in RULES:
        # A row that is already there (a municipality's own) is left as it is.
        DeadlineRule.objects.get_or_create(
            kind=kind,
            defaults={
                "amount": amount,
                "unit": unit,
                "citation": citation,
                "unverified": unverified,
                "extendable": False,
                "completed_by_hand": False,
                "restarts_when_done": False,
            },
        )
    # 2 §: considered; recorded as a decision with its reasons, not marked done by hand.
    DeadlineRule.objects.filter(kind="lvu_reconsideration").update(
        completed_by_hand=False, restarts_when_done=False
    )
    DeadlineRule.objects.filter(kind="lvu_care_application").update(extendable=True)
    untouched = DeadlineRule.objects.filter(unverified=UNTOUCHED)
    untouched.filter(kind="lvu_reconsideration").update(
        citation="Vård med stöd av 2 § ska övervägas minst en gång var sjätte månad: LVU "
        "(1990:52) 13 § första stycket.",
    )
    # LVU 8 §: the court may extend the time for the application for care.
    untouched.filter(kind="lvu_care_application").update(
        citation="Ansökan om vård ska göras inom fyra veckor från den dag då beslutet om "
        "omedelbart omhändertagande verkställdes; förvaltningsrätten får förlänga tiden: LVU "
        "(1990:52) 8 §. Annars upphör omhändertagandet (9 §).",
    )
    untouched.filter(kind="lvu_court_submission").update(
        citation="Beslut om omedelbart omhändertagande ska underställas förvaltningsrätten inom "
        "en vecka från dagen för beslutet: LVU (1990:52) 7 §. Annars upphör det (9 §)."
    )
    InterventionDeadline.objects.filter(intervention_type__code__in=LVU_CODES).delete()
    for itype in InterventionType.objects.filter(code__in=LVU_CODES):
        itype.may_follow.clear()


def unload(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.filter(kind__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("cases", "0015_care_deadline_kinds"),
        ("organisation", "0004_lvu_delegation"),
    ]
    operations = [migrations.RunPython(load, unload)]
