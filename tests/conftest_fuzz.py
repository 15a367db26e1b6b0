"""Hypothesis profiles for tests/test_fuzz.py: "ci" (the normal run) and "fuzz" (`make fuzz`, >= 10,000 examples).

Chosen with HYPOTHESIS_PROFILE; the normal test run uses "ci".
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SLOW_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

# No deadline: the first example in a process builds the spaCy pipeline, and a loaded CI machine is slow.
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=SLOW_CHECKS)
settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=SLOW_CHECKS, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
