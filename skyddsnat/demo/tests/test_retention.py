"""The demo has old files for the archivist: a proposal as of the demo's last day lists files to
remove, one kept for research and one kept by a noted adoption investigation."""

import datetime as dt

from skyddsnat.retention import services
from skyddsnat.retention.models import Verdict


def test_a_proposal_on_the_demo_lists_old_files_and_their_exceptions(tiny_demo):
    run = services.run_propose(user=None, as_of=dt.date(2025, 3, 1))
    items = list(run.items.select_related("kept_by"))
    removed = [i for i in items if i.verdict == Verdict.REMOVE]
    kept_by = {i.kept_by.code for i in items if i.kept_by is not None}

    assert len(removed) >= 3
    assert {"forskning-fodda-5-15-25", "adoption"} <= kept_by
    # Last entries six to seven years before 1 March 2025: overdue, to be completed by 2024–2025.
    assert all(i.complete_by.year in (2024, 2025) for i in removed)
