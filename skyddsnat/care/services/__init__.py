"""Writes of the care flow, each with keyword arguments in one transaction, the case locked and
re-checked, and one audit entry (`case_change_audited`):

- `lvu`: immediate custody and its events, care under LVU and its review decisions;
- `placements`: placements, moves, ends, plans, visits and their reviews.
"""

from skyddsnat.care.services.lvu import *  # noqa: F403
from skyddsnat.care.services.placements import *  # noqa: F403
