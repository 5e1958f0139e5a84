"""Follow-up of outreach (issue 10 point 6) and welfare crime (point 7): counts per district, city
area and city with the "<5" rule (`district_counts`), for politicians, analysts and managers
(`cases.policy.may_follow_up`; a manager sees their own district next to the areas and city).

- Outreach, over a period of contact dates: contacts, those joint with the police, referrals.
  Anonymous contacts count like named ones: the figures are of contacts, not of people.
  Split by sex or age band (`split`, splits.py; the age on the contact's day), an anonymous
  contact has no identity and counts under unknown sex and unknown age.
- Welfare crime, over a year of received signals: signals, notifications sent (of those signals)
  and the median days from the signal to the notification. Split by the person's sex or age
  band (the age on the day the signal was received); a signal about no known person is unknown.
"""

import datetime as dt

from skyddsnat.cases.policy import may_follow_up, require
from skyddsnat.followup import splits
from skyddsnat.followup.district_counts import GroupedFigures, Record, grouped_figures
from skyddsnat.followup.models import BudgetLine
from skyddsnat.organisation.models import User
from skyddsnat.outreach.models import Contact
from skyddsnat.welfarecrime.models import Signal

# The budget programme of the welfare-crime officers (followup/examples/stockholm.py).
WELFARE_CRIME_PROGRAMME = "welfare-crime"

OUTREACH_FIELDS = ("contacts", "joint_with_police", "referrals")
WELFARE_CRIME_FIELDS = ("signals", "notifications", "median_days_to_notification")


def outreach_figures(
    *, user: User, start: dt.date, end: dt.date, split: str | None = None
) -> GroupedFigures:
    require(may_follow_up(user))
    rows = list(
        Contact.objects.filter(contact_on__range=(start, end)).values_list(
            "district_id", "joint_with_police", "referral_made", "person_id", "contact_on"
        )
    )
    parts = splits.Parts(split, {row[3] for row in rows})
    records = (
        Record(
            district_id=district_id,
            counts={
                "contacts": 1,
                "joint_with_police": int(joint),
                "referrals": int(referral),
            },
            part=parts.part(person_id, contact_on),
        )
        for district_id, joint, referral, person_id, contact_on in rows
    )
    return grouped_figures(user=user, records=records, counts=OUTREACH_FIELDS[:3], parts=parts)


def welfare_crime_figures(*, user: User, year: int, split: str | None = None) -> GroupedFigures:
    require(may_follow_up(user))
    rows = list(
        Signal.objects.filter(received_on__year=year).values_list(
            "district_id",
            "received_on",
            "assessment__notify",
            "assessment__notified_on",
            "person_id",
        )
    )
    parts = splits.Parts(split, {row[4] for row in rows})
    records = []
    for district_id, received_on, notify, notified_on, person_id in rows:
        days = (notified_on - received_on).days if notify and notified_on is not None else None
        records.append(
            Record(
                district_id=district_id,
                counts={"signals": 1, "notifications": int(days is not None)},
                values=None if days is None else {"median_days_to_notification": days},
                part=parts.part(person_id, received_on),
            )
        )
    return grouped_figures(
        user=user,
        records=records,
        counts=("signals", "notifications"),
        medians={"median_days_to_notification": "notifications"},
        parts=parts,
    )


def welfare_crime_allocation(*, user: User, year: int) -> int | None:
    """The year's allocation to the welfare-crime officers (base + change of its budget lines;
    2021: +8.5 MSEK), or None without a line. No actual cost is set against it: the money pays
    the officers' salaries, and no cost of that work is recorded here (no intervention has a
    price), so the follow-up shows what the work produced (signals, notifications) instead."""
    require(may_follow_up(user))
    lines = BudgetLine.objects.filter(year__year=year, programme__code=WELFARE_CRIME_PROGRAMME)
    amounts = [(line.base_sek or 0) + line.change_sek for line in lines]
    return sum(amounts) if amounts else None
