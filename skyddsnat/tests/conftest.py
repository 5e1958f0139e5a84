"""The access matrix's extra personas and its world of Järva cases, shared by
test_access_matrix.py (every URL) and test_access_matrix_writes.py (every write, valid bodies)."""

from skyddsnat.tests.test_access_matrix import (  # noqa: F401 (fixtures, used by name)
    coordinator,
    lss_manager,
    lss_officer,
    lss_outsider,
    outreach_worker,
    police,
    school,
    welfare_officer,
    world,
)
