"""Pages of the case spine, one module per page: "Mina ärenden" (`my_cases`), the manager's queue
(`queue`), the case page (`case_page`) with its action forms (`actions`), and the person search
and person page (`persons`). `common` holds what the flows' pages share.

Views are thin: they ask `cases.policy` (404 for a record or page the user may not see), convert
the form and call one service or selector.
"""

from skyddsnat.cases.views.case_page import case_action, render_case_page
from skyddsnat.cases.views.common import display_name, is_htmx, posted_version

__all__ = ["case_action", "display_name", "is_htmx", "posted_version", "render_case_page"]
