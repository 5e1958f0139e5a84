"""The citizen a public e-service acts for (`eservices.identity` is the contract that gives one)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Citizen:
    subject: str
    personal_identity_number: str = ""
    name: str = ""
