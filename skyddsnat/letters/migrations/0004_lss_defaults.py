"""The LSS decision letter joins the letters (issue 14 point 1): its template as loaded (version
1, a municipality edits it like the others) and the appeal rule of LSS with its citation and what
was not verified. It replaces the letter the LSS module drew by hand."""

from django.db import migrations

KIND = "decision_lss"
NAME = "Beslut enligt LSS"

BODY = """# Beslut enligt lagen om stöd och service till vissa funktionshindrade (LSS)
Ärende {{ case.reference }}

Beslutet gäller {{ person.name }}, {{ person.identity }}.{% if application.applicant_name %}
Sökande: {{ application.applicant_name }} ({{ application.applicant_role }}).{% endif %}

# Beslut: {{ decision.title|capfirst }}
{% if decision.granted %}{{ person.name }} beviljas {{ decision.intervention }} enligt {{ decision.citation }}.{% if decision.scope %}
Omfattning: {{ decision.scope }}.{% endif %}{% if decision.valid_from %}
Beslutet gäller från {{ decision.valid_from }} {% if decision.valid_to %}till {{ decision.valid_to }}{% else %}tills vidare{% endif %}.{% endif %}{% else %}Ansökan om {{ decision.intervention }} enligt {{ decision.citation }} avslås.{% endif %}
{{ unit.name }} fattade beslutet den {{ decision.date }}.

# Skäl för beslutet
{{ decision.reason }}

Beslutet är fattat av {{ decision.decided_by }} med stöd av delegation ({{ decision.delegation }}).

{% if appeal %}# Hur man överklagar
Om du inte är nöjd med beslutet kan du överklaga det till {{ appeal.court }}. Skicka ditt överklagande till nämnden, inte direkt till domstolen. Skriv vilket beslut du överklagar (ärende {{ case.reference }}, beslutet den {{ decision.date }}), hur du vill att det ska ändras och varför.

Överklagandet ska ha kommit in till nämnden inom {{ appeal.weeks_text }} veckor från den dag du fick del av beslutet. Annars kan det inte prövas. Nämnden prövar först om beslutet ska ändras och skickar sedan överklagandet vidare till {{ appeal.court }}. Din handläggare kan hjälpa dig att överklaga.

({{ appeal.citation }}){% endif %}"""

CITATION = "LSS (1993:387) 27 §; förvaltningslagen (2017:900) 44–45 §§"
UNVERIFIED = (
    "27 § LSS lists the decisions that may be appealed (among them those under 7 § and 9 § 1–10); "
    "every LSS intervention of the catalogue was taken as one of them without checking each "
    "against the statute's current wording."
)


def load(apps, schema_editor):
    Template = apps.get_model("letters", "LetterTemplate")
    Version = apps.get_model("letters", "LetterTemplateVersion")
    Rule = apps.get_model("letters", "AppealRule")
    template, created = Template.objects.get_or_create(
        kind=KIND, defaults={"name": NAME, "version": 1}
    )
    if created:
        Version.objects.create(template=template, number=1, body=BODY)
    Rule.objects.get_or_create(
        legal_basis="lss",
        defaults={
            "appealable": True,
            "without_needs_assessment_appealable": False,
            "weeks": 3,
            "citation": CITATION,
            "unverified": UNVERIFIED,
        },
    )


def unload(apps, schema_editor):
    Template = apps.get_model("letters", "LetterTemplate")
    apps.get_model("letters", "LetterTemplateVersion").objects.filter(
        template__kind=KIND, saved_by=None
    ).delete()
    Template.objects.filter(kind=KIND, versions=None).delete()
    apps.get_model("letters", "AppealRule").objects.filter(legal_basis="lss").delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_lss_letter_kind")]

    operations = [migrations.RunPython(load, unload)]
