"""Service levels (S1–S12): calendars, policies, per-ticket clocks, the breach sweep."""
