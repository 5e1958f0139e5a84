"""The LSS writes; pages, the API and the demo call these same functions, all importable from
`skyddsnat.lss.services`:

- `applications`: application → investigation with the eligibility group → one decision per
  requested intervention → implementation (verkställighet);
- `interruptions`: an intervention stops for a while and resumes;
- `appeals`: an appeal arrives, the court's outcome is recorded;
- `delays`: why a granted decision waits past its limit, offers meanwhile, closure (LSS 28 f–h §§);
- `places`: facilities, the queue for a place, offers and their answers, leaving a place;
- `referrals`: a decision the officer's delegation does not cover, sent to the one who may take it;
- `eservice`: an application sent through the public e-service (no member of staff);
- `age_limits`: where a right ends with age (daily activity at 67);
- `rows`: the row builders the services and the demo generator share.
"""

# Every public name of the modules, as when this was one module (callers import from here).
from skyddsnat.lss.services.appeals import *  # noqa: F403
from skyddsnat.lss.services.applications import *  # noqa: F403
from skyddsnat.lss.services.delays import *  # noqa: F403
from skyddsnat.lss.services.eservice import *  # noqa: F403
from skyddsnat.lss.services.interruptions import *  # noqa: F403
from skyddsnat.lss.services.places import *  # noqa: F403
from skyddsnat.lss.services.referrals import *  # noqa: F403
from skyddsnat.lss.services.rows import *  # noqa: F403
