"""Outgoing notifications: the transactional outbox and the e-mail sender (N2, N5, C3)."""
