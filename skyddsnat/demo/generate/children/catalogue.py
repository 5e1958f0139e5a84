"""The shares, lengths, costs and texts the children's generator draws from. Plausible for a
Swedish children-and-youth unit, not measured."""

from skyddsnat.children.models import ReporterType
from skyddsnat.people.models import ProtectionLevel

# Shares and lengths below are plausible for a Swedish children-and-youth unit, not measured.
REPEAT_CHILD_SHARE = 0.30  # reports about a child the district already knows
SIBLING_SHARE = 0.15  # new children who share guardians with a known child
PROTECTED_SHARE = 0.015
OPEN_INVESTIGATION_SHARE = 0.38
GRANT_SHARE = 0.75
IMMEDIATE_PROTECTION_SHARE = 0.04
# Outer-city investigations run this many days longer per day of reaction lag.
INVESTIGATION_DAYS_PER_LAG_DAY = 10
# Each district keeps at least this many recent cases stuck in pre-assessment past 14 days, so the
# demo's "Mina ärenden" always has overdue deadlines to show.
STUCK_PER_DISTRICT = 2

INTERVENTIONS = {
    # code: (weight, monthly cost in SEK, months (low, mode, high))
    "contact-person": (25, 3_500, (3, 12, 36)),
    "family-treatment": (30, 12_000, (2, 6, 12)),
    "parent-support": (10, 1_500, (1, 3, 6)),
    "counselling": (12, 2_500, (1, 4, 9)),
    "sig": (6, 6_000, (3, 9, 18)),
    "family-home": (7, 38_000, (3, 18, 48)),
    "emergency-home": (4, 62_000, (1, 3, 6)),
    "hvb": (4, 115_000, (2, 6, 18)),
    "supported-housing": (2, 48_000, (3, 8, 18)),
}
# Compulsory care (LVU): this share of placements in serious cases starts with immediate custody
# (LVU 6 §), followed after some weeks by care the court decides under 2 § or 3 §.
LVU_SHARE_OF_PLACEMENTS = 0.15
LVU_CARE = {
    # code: (weight, monthly cost in SEK, months (low, mode, high))
    "lvu-care-2": (3, 60_000, (6, 18, 48)),
    "lvu-care-3": (2, 110_000, (4, 10, 24)),
}
LVU_CUSTODY_MONTHLY = 95_000
LVU_PLACEMENTS = {"family-home", "emergency-home", "hvb"}
LVU_CUSTODY = "lvu-immediate-custody"
PROTECTION_LEVELS = [
    (ProtectionLevel.SECRECY_MARKING, 70),
    (ProtectionLevel.PROTECTED_REGISTRATION, 25),
    (ProtectionLevel.FICTITIOUS_IDENTITY, 5),
]
REPORTERS = [
    # reporter type, weight, reporter name, description
    (ReporterType.PROFESSIONAL, 30, "Skolan", "Skolan anmäler oro för barnets höga frånvaro."),
    (
        ReporterType.PROFESSIONAL,
        18,
        "Polismyndigheten",
        "Polisen anmäler att barnet var hemma när våld förekom mellan de vuxna.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        10,
        "Förskolan",
        "Förskolan ser blåmärken och ett barn som är rädd för att gå hem.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        8,
        "Barnavårdscentralen",
        "BVC oroar sig för bristande omsorg och föräldrarnas missbruk.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        9,
        "Akutmottagningen",
        "Akuten anmäler att ungdomen kom in berusad en sen kväll.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        5,
        "Elevhälsan",
        "Skolkuratorn oroar sig för att eleven rekryteras in i kriminalitet.",
    ),  # fmt: skip
    (ReporterType.PRIVATE, 12, "", "En granne hör ofta skrik och bråk från lägenheten."),
    (ReporterType.PRIVATE, 4, "", "En släkting oroar sig för hur barnet har det hemma."),
    (ReporterType.ANONYMOUS, 7, "", "Anonym uppgift om att barnet lämnas ensamt om nätterna."),
]
# Share of decisions not to investigate after which an intervention is offered directly.
EARLY_HELP_SHARE = 0.3
EARLY_HELP_NOTES = [
    "Föräldrarna tackade ja till föräldrastöd i grupp.",
    "Familjen önskar samtalsstöd kring konflikter hemma.",
    "Vårdnadshavarna samtycker till stödsamtal för barnet.",
]

NO_INVESTIGATION_REASONS = [
    "Vårdnadshavarna tar emot stöd på egen hand; ingen utredning behövs.",
    "Oron bedöms inte vara sådan att en utredning behövs. Familjen informerad om öppna insatser.",
    "Pågående kontakt med BUP och elevhälsan tillgodoser behovet.",
]
OPEN_INVESTIGATION_REASONS = [
    "Uppgifterna ger anledning att utreda om barnet behöver skydd eller stöd.",
    "Upprepade anmälningar och oro för barnets hälsa och utveckling.",
    "Barnet har bevittnat våld; utredning inleds utan dröjsmål.",
]
EXTENSION_REASONS = [
    "Väntar på utlåtande från BUP som behövs för bedömningen.",
    "Vårdnadshavaren har varit svår att nå; barnets samtal kunde inte hållas i tid.",
    "Ny anmälan under utredningen kräver kompletterande utredning.",
]
PROVIDERS = ["Egen regi", "Familjehemsenheten", "Stiftelsen Solbacken", "Ungdomsmottagningen"]
