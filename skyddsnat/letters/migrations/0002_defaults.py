"""The letters as loaded: one template per kind (version 1, a municipality edits it) and the appeal
rules with their citations and what was not verified."""

from django.db import migrations

APPEAL = """{% if appeal %}# Hur man överklagar
Om du inte är nöjd med beslutet kan du överklaga det till {{ appeal.court }}. Skicka ditt överklagande till nämnden, inte direkt till domstolen. Skriv vilket beslut du överklagar (ärende {{ case.reference }}, beslutet den {{ decision.date }}), hur du vill att det ska ändras och varför.

Överklagandet ska ha kommit in till nämnden inom {{ appeal.weeks_text }} veckor från den dag du fick del av beslutet. Annars kan det inte prövas. Nämnden prövar först om beslutet ska ändras och skickar sedan överklagandet vidare till {{ appeal.court }}. Din handläggare kan hjälpa dig att överklaga.

({{ appeal.citation }}){% endif %}"""

DECISION = """# Beslut enligt __ACT__
Ärende {{ case.reference }}

Beslutet gäller {{ person.name }}, {{ person.identity }}.

{{ unit.name }} beslutade den {{ decision.date }}: {{ decision.title|capfirst }}.{% if decision.citation %}
Lagrum: {{ decision.citation }}.{% endif %}

# Skäl för beslutet
{{ decision.reason }}

""" + APPEAL

TEMPLATES = [
    ("decision_sol", "Beslut enligt socialtjänstlagen", DECISION.replace("__ACT__", "socialtjänstlagen")),
    ("decision_lvu", "Beslut enligt LVU", DECISION.replace(
            "__ACT__", "lagen med särskilda bestämmelser om vård av unga (LVU)"
        )),
    (
        "report_received",
        "Bekräftelse till anmälare",
        """{% comment %}Till en anmälare med anmälningsskyldighet. Källa: SoL (2001:453) 14 kap. 1 b §; motsvarande paragraf i SoL (2025:400) är inte verifierad.{% endcomment %}# Vi har tagit emot din anmälan
Ärende {{ case.reference }}

{{ unit.name }} har den {{ report.received_on }} tagit emot din anmälan om oro för ett barn. Vi gör nu en bedömning av om en utredning ska inledas. Du får besked om det när beslutet är fattat.

Tack för att du anmälde. Har du mer att berätta kan du kontakta oss och ange ärendets nummer.""",
    ),
    (
        "report_feedback",
        "Återkoppling till anmälare",
        """{% comment %}Till en anmälare med anmälningsskyldighet: om utredning inletts, inte inletts eller redan pågår. Källa: SoL (2001:453) 14 kap. 1 b §; motsvarande paragraf i SoL (2025:400) är inte verifierad.{% endcomment %}# Återkoppling på din anmälan
Ärende {{ case.reference }}

Du anmälde den {{ report.received_on }} oro för ett barn till {{ unit.name }}.

{% if investigation.opened %}Nämnden beslutade den {{ investigation.decided_on }} att inleda en utredning.{% elif investigation.decided %}Nämnden beslutade den {{ investigation.decided_on }} att inte inleda någon utredning.{% else %}Nämnden har ännu inte beslutat om en utredning ska inledas.{% endif %}

Av sekretesskäl kan vi inte berätta mer om barnet eller familjen.""",
    ),
    (
        "guardian_notice",
        "Underrättelse till vårdnadshavare",
        """# Underrättelse om utredning
Ärende {{ case.reference }}

{% if investigation.opened %}{{ unit.name }} har den {{ investigation.decided_on }} beslutat att inleda en utredning om {{ person.name }}.{% else %}{{ unit.name }} har tagit emot uppgifter om {{ person.name }} och bedömer om en utredning ska inledas.{% endif %} Syftet är att ta reda på om barnet behöver stöd eller skydd från socialtjänsten.

Som vårdnadshavare har du rätt att ta del av uppgifterna i ärendet och att lämna synpunkter innan nämnden fattar beslut. Kontakta gärna din handläggare.""",
    ),
]

APPEAL_RULES = [
    (
        "sol",
        True,
        "Förvaltningslagen (2017:900) 44–45 §§; socialtjänstlagens bestämmelse om förvaltningsbesvär",
        "The section of the new Social Services Act (2025:400) listing the decisions that may be "
        "appealed by förvaltningsbesvär (the old Act's 16 kap. 3 §) was not verified, nor whether "
        "help given without an individual needs assessment is left to laglighetsprövning (taken "
        "so here: not appealable this way).",
    ),
    (
        "lvu",
        True,
        "LVU (1990:52) 41 §; förvaltningslagen (2017:900) 44–45 §§",
        "Which of the committee's LVU decisions 41 § lists was not checked clause by clause "
        "(immediate custody under 6 § and placement under 11 § are taken as appealable).",
    ),
]


def load(apps, schema_editor):
    Template = apps.get_model("letters", "LetterTemplate")
    Version = apps.get_model("letters", "LetterTemplateVersion")
    Rule = apps.get_model("letters", "AppealRule")
    for kind, name, body in TEMPLATES:
        template = Template.objects.create(kind=kind, name=name, version=1)
        Version.objects.create(template=template, number=1, body=body)
    for basis, appealable, citation, unverified in APPEAL_RULES:
        Rule.objects.create(
            legal_basis=basis,
            appealable=appealable,
            without_needs_assessment_appealable=False,
            weeks=3,
            citation=citation,
            unverified=unverified,
        )


def unload(apps, schema_editor):
    apps.get_model("letters", "LetterTemplateVersion").objects.filter(saved_by=None).delete()
    apps.get_model("letters", "LetterTemplate").objects.filter(versions=None).delete()
    apps.get_model("letters", "AppealRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
