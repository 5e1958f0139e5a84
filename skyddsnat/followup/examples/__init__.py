"""Example follow-up data (budgets) loaded with the organisation's (`manage.py load_example`)."""
