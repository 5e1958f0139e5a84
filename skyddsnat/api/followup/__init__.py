"""The follow-up endpoints under /api/v1/followup/ (`views`, `urls`)."""
