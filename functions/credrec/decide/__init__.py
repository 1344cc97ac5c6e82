"""Decide for the applicant: name and address match, document age and type, a policy → a ``Decision``.

Shipped to Function Compute. Imports here are cheap (pydantic models only); ``rapidfuzz``, ``anyascii``
and ``yaml`` load on first use.
"""

from __future__ import annotations

from .decision import decide, strictest
from .policy import Policy, PolicyError, load_policy, parse_policy, read_policy_file

__all__ = ["Policy", "PolicyError", "decide", "load_policy", "parse_policy", "read_policy_file", "strictest"]
