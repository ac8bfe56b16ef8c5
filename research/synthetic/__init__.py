"""A synthetic trial cohort for demos, tests and benchmarks (`manage.py seed_synthetic`)."""
