"""The LSS endpoints under /api/v1/lss/ (`views`, `serializers`, `urls`)."""
