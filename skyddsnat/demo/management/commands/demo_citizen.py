"""manage.py demo_citizen --subject <sub> --personal-identity-number <number>: the demo citizen's
matters, so that "Mina ärenden" (/e-tjanst/mina-arenden/) shows something after signing in at
the demo's identity provider (./scripts/demo). Idempotent: run on every start.

The citizen (synthetic, flagged so) has an LSS application registered on paper (found by the
number), a concern report about a synthetic child sent signed in through the e-service (with its
case) and a request for help not yet taken up."""

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from skyddsnat.cases.models import InterventionType
from skyddsnat.children.services import report_register
from skyddsnat.eservices.models import Submission, SubmissionKind
from skyddsnat.lib import identity
from skyddsnat.lss.models import Application
from skyddsnat.lss.services import application_register
from skyddsnat.organisation.models import District, User
from skyddsnat.people.models import Person

REPORT_REFERENCE = "E-DEMO-00001"
HELP_REFERENCE = "E-DEMO-00002"


class Command(BaseCommand):
    help = "The demo citizen's matters (an LSS application, a report, a request for help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--subject", required=True)
        parser.add_argument("--personal-identity-number", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            number = identity.normalise(opts["personal_identity_number"])
        except identity.InvalidIdentityNumber as exc:
            raise CommandError("Not a valid personal identity number.") from exc
        person = Person.objects.filter(personal_identity_number=number).first()
        if person is not None and not person.is_synthetic:
            raise CommandError("The number belongs to a person who is not synthetic.")
        with transaction.atomic():
            self._matters(opts["subject"], number)
        self.stderr.write("Demomedborgaren har sina ärenden.")

    def _matters(self, subject: str, number: str) -> None:
        jarva = District.objects.get(slug="jarva")
        today = timezone.localdate()
        if not Application.objects.filter(case__person__personal_identity_number=number).exists():
            application_register(
                user=User.objects.get(username="lss.jarva"),
                personal_identity_number=number,
                first_name="Maja",
                last_name="Demosson",
                district=jarva,
                received_on=today - dt.timedelta(days=20),
                applicant_role="person",
                intervention_types=[InterventionType.objects.get(code="lss-companion")],
                description="Ledsagning till fritidsaktiviteter.",
                is_synthetic=True,
            )
        if not Submission.objects.filter(reference=REPORT_REFERENCE).exists():
            child = identity.synthetic(random.Random(2017), dt.date(2017, 9, 3))  # noqa: S311
            report = report_register(
                user=User.objects.get(username="socsek.jarva"),
                personal_identity_number=child,
                first_name="Liam",
                last_name="Grannberg",
                district=jarva,
                received_at=timezone.now() - dt.timedelta(days=2),
                reporter_type="private",
                reporter_name="Maja Demosson",
                description="Grannens barn är ofta ensamt hemma sent på kvällarna.",
                is_synthetic=True,
            )
            Submission.objects.create(
                reference=REPORT_REFERENCE,
                kind=SubmissionKind.CONCERN,
                received_at=report.received_at,
                citizen_subject=subject,
                case=report.case,
            )
        Submission.objects.update_or_create(
            reference=HELP_REFERENCE,
            defaults={
                "kind": SubmissionKind.HELP,
                "received_at": timezone.now() - dt.timedelta(hours=3),
                "citizen_subject": subject,
            },
        )
        # A provider database made anew gives the citizen a new `sub`: their matters follow.
        Submission.objects.filter(reference=REPORT_REFERENCE).update(citizen_subject=subject)
