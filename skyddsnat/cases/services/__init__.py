"""Writes on the case spine shared by every flow: deadlines, delegation, assignment, journal,
decisions, interventions. Each takes keyword arguments, runs in one transaction, and audits.
Every public name is importable from `skyddsnat.cases.services`:

- `state`: the case's row lock, conflicts, and the record of a change with its audit entry;
- `checks`: scope, delegation and input checks every write starts with;
- `rows`: the row builders (unsaved rows from keyword arguments) the services and the demo share;
- `deadlines`: time limits started, completed, and the investigation's extended;
- `decisions`: decisions under delegation, assignment, the journal;
- `interventions`: an intervention started (with the limits it starts) and ended;
- `referrals`: a decision the user's delegation does not cover, sent to the one who may take it.
"""

# Every public name of the modules, as when this was one module (callers import from here).
from skyddsnat.cases.services.checks import *  # noqa: F403
from skyddsnat.cases.services.deadlines import *  # noqa: F403
from skyddsnat.cases.services.decisions import *  # noqa: F403
from skyddsnat.cases.services.interventions import *  # noqa: F403
from skyddsnat.cases.services.referrals import *  # noqa: F403
from skyddsnat.cases.services.rows import *  # noqa: F403
from skyddsnat.cases.services.state import *  # noqa: F403
