"""The LVU time limits as a flow: which limits staff mark done by hand, which start again when
done (reconsideration every six months), which count from the decision rather than the start
(LVU 7 and 8 §§: from the decision on immediate custody), and which interventions may follow which
on the same case without a new investigation (care under 2 § or 3 § after immediate custody).
All of it data, so a municipality can correct it in the admin.
"""

from django.db import migrations, models

BY_HAND = ["lvu_court_submission", "lvu_care_application", "lvu_reconsideration"]
RESTARTING = ["lvu_reconsideration"]
FROM_DECISION = [
    ("lvu-immediate-custody", "lvu_court_submission"),
    ("lvu-immediate-custody", "lvu_care_application"),
]
FOLLOWS = [("lvu-care-2", "lvu-immediate-custody"), ("lvu-care-3", "lvu-immediate-custody")]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    InterventionType = apps.get_model("cases", "InterventionType")
    InterventionDeadline = apps.get_model("cases", "InterventionDeadline")
    DeadlineRule.objects.filter(kind__in=BY_HAND).update(completed_by_hand=True)
    DeadlineRule.objects.filter(kind__in=RESTARTING).update(restarts_when_done=True)
    for code, kind in FROM_DECISION:
        InterventionDeadline.objects.filter(intervention_type__code=code, rule__kind=kind).update(
            counts_from="decision"
        )
    for code, follows in FOLLOWS:
        InterventionType.objects.get(code=code).may_follow.add(
            InterventionType.objects.get(code=follows)
        )


def unload(apps, schema_editor):
    """The fields go with the schema change; nothing to undo here."""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_lvu"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="done_note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="completed_by_hand",
            field=models.BooleanField(default=False, verbose_name="marked done by hand"),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="restarts_when_done",
            field=models.BooleanField(
                default=False, verbose_name="starts again when done while the intervention goes on"
            ),
        ),
        migrations.AddField(
            model_name="interventiondeadline",
            name="counts_from",
            field=models.CharField(
                choices=[("decision", "the decision"), ("start", "the start of the intervention")],
                default="start",
                max_length=8,
                verbose_name="counts from",
            ),
        ),
        migrations.AddField(
            model_name="interventiontype",
            name="may_follow",
            field=models.ManyToManyField(
                blank=True,
                related_name="followed_by",
                to="cases.interventiontype",
                verbose_name="may follow",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
