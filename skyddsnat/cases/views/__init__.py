"""Pages of the case spine, one module per page: "Mina ärenden" (`my_cases`), the manager's queue
(`queue`), the case page (`case_page`) with its action forms (`actions`), and the person search
and person page (`persons`). `common` holds what they share; `cases.actions` runs a posted form.

Views are thin: they ask `cases.policy` (404 for a record or page the user may not see), convert
the form and call one service or selector.
"""

from skyddsnat.cases.views.case_page import case_action, render_case_page

__all__ = ["case_action", "render_case_page"]
