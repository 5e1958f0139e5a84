"""The children-and-youth flow: report → safety assessment → pre-assessment → investigation →
decision (cases.services) → intervention. Pages and the API call these same functions, all
importable from `skyddsnat.children.services`:

- `rows`: the row builders the services and the demo generator share;
- `reports`: a report registered, its safety assessment, the pre-assessment decision;
- `early_help`: help offered directly, and its end;
- `violence`: violence marked on a report, and the investigation it opens at once.
- `eservice`: a report sent through the public e-service (no member of staff).
- `background`: the child's details for the national register (country of birth, unaccompanied).
"""

# Every public name of the modules, as when this was one module (callers import from here).
from skyddsnat.children.services.background import *  # noqa: F403
from skyddsnat.children.services.early_help import *  # noqa: F403
from skyddsnat.children.services.eservice import *  # noqa: F403
from skyddsnat.children.services.reports import *  # noqa: F403
from skyddsnat.children.services.rows import *  # noqa: F403
from skyddsnat.children.services.violence import *  # noqa: F403
