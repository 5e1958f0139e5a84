"""What other apps add to the LSS application page, registered at startup.

The letters app sits above LSS in the layers (it builds letters from LSS decisions), so LSS
cannot call it; instead the letters app registers a part here, and the application page runs
every registered part over its rows of decided interventions (each row gets what the part adds,
such as the decision letters sent and the forms to send one)."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms

from skyddsnat.lss.models import Application
from skyddsnat.organisation.models import User

# part(user, application, rows, bound): `rows` are the page's rows of requested interventions
# (a decided one has "decision"); `bound` the failed form, under its key, to show again.
DecisionPart = Callable[[User, Application, list[dict[str, Any]], Mapping[str, forms.Form]], None]

_DECISION_PARTS: list[DecisionPart] = []


def register_decision_part(part: DecisionPart) -> None:
    if part not in _DECISION_PARTS:
        _DECISION_PARTS.append(part)


def decision_parts() -> list[DecisionPart]:
    return list(_DECISION_PARTS)
