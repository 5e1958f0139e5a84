"""Identity numbers in ASCII digits only, one spelling per person.

Before this, a number typed with full-width or Arabic-Indic digits was stored as typed, so the same
child could be two persons. Stored numbers are normalised here; the check constraint then refuses
any other spelling. If a normalised number belongs to another person already, the two records are
one person split in two: merging them needs a human decision (which cases, which name), so the
migration stops and names the person ids (ids only: migration output lands in logs).
"""

from django.db import migrations, models

from skyddsnat.lib import identity


def normalise_numbers(apps, schema_editor):
    person_model = apps.get_model("people", "Person")
    pending = [
        (pk, number)
        for pk, number in person_model.objects.values_list("pk", "personal_identity_number")
        if not (len(number) == 12 and number.isascii() and number.isdigit())
    ]
    conflicts = []
    for pk, number in pending:
        try:
            normalised = identity.normalise(number)
        except identity.InvalidIdentityNumber:
            conflicts.append(f"person {pk}: the stored number is not a valid identity number")
            continue
        other = (
            person_model.objects.filter(personal_identity_number=normalised)
            .exclude(pk=pk)
            .values_list("pk", flat=True)
            .first()
        )
        if other is not None:
            conflicts.append(f"person {pk} is the same number as person {other}: merge them")
            continue
        person_model.objects.filter(pk=pk).update(personal_identity_number=normalised)
    if conflicts:
        raise RuntimeError(
            "Identity numbers that cannot be normalised automatically:\n" + "\n".join(conflicts)
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_name_search")]
    operations = [
        migrations.RunPython(normalise_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(personal_identity_number__regex="^[0-9]{12}$"),
                name="person_identity_number_ascii_digits",
            ),
        ),
    ]
