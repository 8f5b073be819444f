"""The e-mail channel.

``parse`` turns raw RFC 5322 bytes into a :class:`~atiende.channels.mail.parse.ParsedMessage`
with pure functions (no database); intake, threading and the outbox build on it.
"""
