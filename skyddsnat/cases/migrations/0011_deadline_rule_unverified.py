"""What is not yet verified in a rule's citation moves out of the citation, which staff see on
the case page, into its own field for whoever keeps the rules (issue 9 point 5: "never in a
user-visible text"). Only the markers the earlier migrations wrote are moved; a citation a
municipality has rewritten since is left as it is."""

from django.db import migrations, models

SOL_MARKER = "; SoL (2025:400), verifiera numrering."
SOL_MARKER_CONTINUED = "; SoL (2025:400), verifiera numrering. "
LVU_MARKER = ", verifiera."
SOL_NOTE = (
    "Hänvisningen gäller SoL (2001:453). Motsvarande bestämmelse i SoL (2025:400) är inte "
    "verifierad (ny numrering)."
)
LVU_NOTE = "Paragraferna i LVU (1990:52) är inte verifierade mot gällande lydelse."


def split(citation: str) -> tuple[str, str]:
    """The citation without its marker and the note the marker stood for ("" when none)."""
    if SOL_MARKER_CONTINUED in citation:
        return citation.replace(SOL_MARKER_CONTINUED, ". ", 1), SOL_NOTE
    if citation.endswith(SOL_MARKER):
        return citation.removesuffix(SOL_MARKER) + ".", SOL_NOTE
    if "LVU (1990:52)" in citation and citation.endswith(LVU_MARKER):
        return citation.removesuffix(LVU_MARKER) + ".", LVU_NOTE
    return citation, ""


def move_markers(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for rule in DeadlineRule.objects.all():
        citation, note = split(rule.citation)
        if note:
            rule.citation, rule.unverified = citation, note
            rule.save(update_fields=["citation", "unverified"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_case_change_referral_guardian_consent")]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="unverified",
            field=models.TextField(blank=True, verbose_name="not yet verified"),
        ),
        migrations.RunPython(move_markers, migrations.RunPython.noop),
    ]
