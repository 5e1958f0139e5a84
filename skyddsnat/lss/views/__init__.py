"""LSS pages: applications, the application page with its action forms, decisions to implement,
the queue, the quarterly report of decisions not implemented in time and statistics. The
decision letters are the letters app's (`skyddsnat.letters.lss_pages`).

Views are thin: the area is LSS staff's (404 for other roles, `cases.policy`), records come
through the selectors (404 when not visible), and every action form runs through
`cases.actions.form_action` (one service call; errors on the form with 400, 403 or 409).
"""

from skyddsnat.lss.views.applications import (
    appeal_create,
    appeal_outcome,
    application_create,
    application_detail,
    application_list,
    decision_create,
    decision_refer,
    eligibility_assess,
    implementation_create,
    interruption_create,
    interruption_end,
)
from skyddsnat.lss.views.delays import implementation_delay, implementation_delay_offer
from skyddsnat.lss.views.queue import offer_answer, offer_create, queue
from skyddsnat.lss.views.reports import (
    ivo_report,
    my_decisions,
    october_statistics,
    referral_list,
)

__all__ = [
    "appeal_create",
    "appeal_outcome",
    "application_create",
    "application_detail",
    "application_list",
    "decision_create",
    "decision_refer",
    "eligibility_assess",
    "implementation_create",
    "implementation_delay",
    "implementation_delay_offer",
    "interruption_create",
    "interruption_end",
    "ivo_report",
    "my_decisions",
    "october_statistics",
    "offer_answer",
    "offer_create",
    "queue",
    "referral_list",
]
