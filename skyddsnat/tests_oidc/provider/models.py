"""The test provider's own record: a user's personal identity number, which e-legitimation
(BankID, Freja through a broker) vouches for in production. Only synthetic numbers are stored."""

from django.conf import settings
from django.db import models


class CitizenIdentity(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    personal_identity_number = models.CharField(max_length=40)

    class Meta:
        app_label = "provider"

    def __str__(self) -> str:
        return str(self.user)
