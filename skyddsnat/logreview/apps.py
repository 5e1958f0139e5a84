from django.apps import AppConfig


class LogReviewConfig(AppConfig):
    """The auditor's pages over the audit log: search by person or user, export, review of
    unusual reads. Above the case spine, since they name persons and cases; the audit app below
    keeps the log itself (models, services, chain, labels) that every app writes to."""

    name = "skyddsnat.logreview"
    label = "logreview"
