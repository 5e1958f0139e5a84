"""What an investigation holds in the demo (skyddsnat.investigations): the plan, conversations with
the child (some not held, with their reason), the three areas, the assessment and the proposal,
kommunicering with the parties' replies, and the most common ending, without intervention.

Its own random stream per district, so the reports, decisions and interventions drawn from the
children's stream stay as they were for the same seed up to the ending."""

import datetime as dt
import random

from skyddsnat.cases.models import Case, CaseStatus, Deadline, DeadlineKind, Investigation
from skyddsnat.cases.services import decision_build
from skyddsnat.demo.generate.children.base import ChildState, DistrictPlan, GeneratorBase
from skyddsnat.investigations.models import (
    AREA_SECTIONS,
    Communication,
    CommunicationParty,
    Conversation,
    Ending,
    EndingReason,
    NotHeldReason,
    PartyRole,
    PartyRule,
    Section,
    SectionKind,
)
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import DecisionType, User

# Of the investigations that end (LVU custody aside), this share ends without intervention: the
# most common ending (domain.md §3).
END_WITHOUT_SHARE = 0.55
NOT_HELD_SHARE = 0.15
REPLY_SHARE = 0.7
FOLLOW_UP_SHARE = 0.3

PLAN = {
    SectionKind.PLAN_QUESTIONS: [
        "Hur fungerar barnets skolgång och vardag? Finns det våld i hemmet?",
        "Vilket stöd behöver familjen för att barnets behov ska tillgodoses?",
    ],
    SectionKind.PLAN_CONTACTS: [
        "Skolan (mentor, elevhälsa), BVC/skolsköterska, vårdnadshavarna.",
        "Förskolan, barnpsykiatrin, mormor som nätverk.",
    ],
    SectionKind.PLAN_CONVERSATIONS: [
        "Två samtal med barnet i skolan, ett hembesök, samtal med båda vårdnadshavarna.",
        "Samtal med barnet ensamt och tillsammans med vårdnadshavare.",
    ],
}
CONTENT = {
    SectionKind.CHILD_VIEWS: [
        "Barnet säger att det trivs i skolan men att det är bråkigt hemma ibland.",
        "Barnet vill att mamma och pappa ska sluta bråka och vill bo kvar hemma.",
    ],
    SectionKind.DEVELOPMENT: [
        "Barnet utvecklas i nivå med sin ålder. Frånvaron i skolan har minskat.",
        "Barnet har svårt med koncentrationen och har en pågående utredning hos BUP.",
    ],
    SectionKind.PARENTING: [
        "Vårdnadshavarna tillgodoser barnets grundläggande omsorg och tar emot stöd.",
        "Vårdnadshavaren har svårt att sätta gränser men är känslomässigt tillgänglig.",
    ],
    SectionKind.FAMILY: [
        "Familjen bor i trerumslägenhet. Mormor finns som nätverk.",
        "Familjen har ekonomiska svårigheter och få kontakter i närområdet.",
    ],
    SectionKind.ASSESSMENT: [
        "Barnets behov bedöms tillgodosedda inom familjen med stöd från skolan.",
        "Barnet bedöms vara i behov av stöd för att utvecklas gynnsamt.",
    ],
    SectionKind.PROPOSAL: [
        "Utredningen föreslås avslutas utan insats.",
        "Föreslås att barnet beviljas insats enligt SoL.",
    ],
}
SOURCES = ["Skolan, BVC", "Vårdnadshavarna, skolan", "Barnet, förskolan", "BUP, skolan"]
PLACES = ["Skolan", "Hembesök", "Socialkontoret", "Förskolan"]
ENDING_REASONS = [
    (EndingReason.NO_NEED, 55),
    (EndingReason.DECLINED, 15),
    (EndingReason.MET_OTHERWISE, 20),
    (EndingReason.MOVED, 10),
]
ENDING_TEXTS = {
    EndingReason.NO_NEED: "Barnets behov tillgodoses inom familjen; inget behov av insats.",
    EndingReason.DECLINED: "Vårdnadshavarna tackar nej till erbjudet stöd; skyddsbehov saknas.",
    EndingReason.MET_OTHERWISE: "Barnets behov tillgodoses genom skolan och BUP.",
    EndingReason.MOVED: "Familjen har flyttat till en annan kommun; ärendet avslutas.",
}


class InvestigationContentGenerator(GeneratorBase):
    def content_rng(self, plan: DistrictPlan) -> random.Random:
        rngs: dict[str, random.Random] = self.__dict__.setdefault("_content_rngs", {})
        slug = plan.district.slug
        if slug not in rngs:
            rngs[slug] = self.ctx.rng("investigation-content", slug)
        return rngs[slug]

    def child_party_age(self) -> int | None:
        if "_party_age" not in self.__dict__:
            rule = PartyRule.objects.filter(code="child-party-age").first()
            self.__dict__["_party_age"] = rule.age if rule is not None else None
        age: int | None = self.__dict__["_party_age"]
        return age

    def investigation_content(
        self,
        plan: DistrictPlan,
        case: Case,
        child: ChildState,
        investigation: Investigation,
        closes_on: dt.date,
    ) -> None:
        """The plan soon after the opening, conversations while it runs, and, for one that has
        ended, the areas, assessment, proposal and kommunicering before the decision."""
        rng = self.content_rng(plan)
        author = case.assigned_to
        assert author is not None  # noqa: S101 (the flow assigns every investigated case)
        opened_on = investigation.opened_on
        planned_on = opened_on + dt.timedelta(days=rng.randint(1, 6))
        if not self.happened(planned_on):
            return
        for kind, texts in PLAN.items():
            self._section(rng, investigation, kind, rng.choice(texts), planned_on, author)
        for number in range(rng.randint(1, 2)):
            day = opened_on + dt.timedelta(days=rng.randint(7, 40) + 20 * number)
            if day >= closes_on or not self.happened(day):
                break
            self._conversation(rng, investigation, day, author)
        ended = self.happened(closes_on)
        written_on = closes_on - dt.timedelta(days=12)
        if ended and written_on > planned_on:
            for kind, texts in CONTENT.items():
                self._section(rng, investigation, kind, rng.choice(texts), written_on, author)
            self._communication(rng, investigation, child, closes_on - dt.timedelta(days=10))
        elif not ended and rng.random() < 0.3:
            # Sent lately, still waiting: the decision waits for the replies.
            sent_on = self.end - dt.timedelta(days=rng.randint(1, 5))
            if sent_on > planned_on:
                self._communication(rng, investigation, child, sent_on)

    def _section(
        self,
        rng: random.Random,
        investigation: Investigation,
        kind: SectionKind,
        text: str,
        day: dt.date,
        author: User,
    ) -> None:
        self.writer.add(
            Section(
                investigation=investigation,
                kind=kind,
                text=text,
                sources=rng.choice(SOURCES) if kind in AREA_SECTIONS else "",
                version=rng.randint(1, 4),
                updated_at=self.moment(rng, day),
                updated_by=author,
            )
        )

    def _conversation(
        self, rng: random.Random, investigation: Investigation, day: dt.date, author: User
    ) -> None:
        at = self.moment(rng, day)
        if rng.random() < NOT_HELD_SHARE:
            reason = rng.choice([r for r in NotHeldReason if r != NotHeldReason.OTHER])
            row = Conversation(held=False, not_held_reason=reason)
        else:
            row = Conversation(
                held=True,
                held_on=day,
                held_by=author.get_full_name() or author.get_username(),
                place=rng.choice(PLACES),
                notes="Barnet berättade om sin vardag och sina önskemål.",
            )
        row.investigation, row.recorded_by, row.recorded_at = investigation, author, at
        self.writer.add(row)

    def _communication(
        self, rng: random.Random, investigation: Investigation, child: ChildState, sent_on: dt.date
    ) -> None:
        rule = self.rules[DeadlineKind.COMMUNICATION_REPLY]
        author = investigation.case.assigned_to
        assert author is not None  # noqa: S101
        communication = self.writer.add(
            Communication(
                investigation=investigation,
                sent_on=sent_on,
                reply_by=rule.due_from(sent_on),
                rule=rule,
                material="Utredningen i sin helhet med bedömning och förslag till beslut.",
                sent_by=author,
                recorded_at=self.moment(rng, sent_on),
            )
        )
        parties = [(pk, PartyRole.GUARDIAN) for pk in child.family.guardian_ids]
        age = self.child_party_age()
        if age is not None and sent_on >= add_months(child.born, 12 * age):
            parties.append((child.person.pk, PartyRole.CHILD))
        for person_id, role in parties:
            replied_on = sent_on + dt.timedelta(days=rng.randint(1, rule.amount))
            replies = rng.random() < REPLY_SHARE and self.happened(replied_on)
            self.writer.add(
                CommunicationParty(
                    communication=communication,
                    person_id=person_id,
                    role=role,
                    replied_on=replied_on if replies else None,
                    reply="Inget att tillägga." if replies else "",
                    reply_recorded_by=author if replies else None,
                )
            )

    def end_without_intervention(
        self,
        plan: DistrictPlan,
        case: Case,
        investigation: Investigation,
        deadline: Deadline,
        closes_on: dt.date,
    ) -> bool:
        """The most common ending: a decision to end without intervention, its reason and
        whether a follow-up after the ending was offered; the case closes. False: the
        investigation ends with a decision on an intervention instead."""
        rng = self.content_rng(plan)
        if rng.random() >= END_WITHOUT_SHARE:
            return False
        caseworker = case.assigned_to
        assert caseworker is not None  # noqa: S101
        decider, line = self.decider(rng, caseworker, plan.manager, DecisionType.END_INVESTIGATION)
        reasons, weights = zip(*ENDING_REASONS, strict=True)
        reason = rng.choices(reasons, weights)[0]
        decided_at = self.moment(rng, closes_on)
        decision = self.writer.add(
            decision_build(
                case=case,
                decision_type=DecisionType.END_INVESTIGATION,
                decided_on=closes_on,
                reason=ENDING_TEXTS[reason],
                decided_by=decider,
                delegation=line,
                recorded_at=decided_at,
            )
        )
        self.writer.add(
            Ending(
                investigation=investigation,
                decision=decision,
                reason=reason,
                follow_up_offered=rng.random() < FOLLOW_UP_SHARE,
            )
        )
        self.journal(case, decider, decided_at, "Utredningen avslutad utan insats.")
        investigation.closed_on = closes_on
        deadline.done_at = decided_at
        case.status = CaseStatus.CLOSED
        case.closed_at = decided_at
        return True
