"""The e-mail channel.

``parse`` turns raw RFC 5322 bytes into a :class:`~atiende.channels.mail.parse.ParsedMessage`
with pure functions (no database). The intake builds on it: ``receive`` stores every message
raw first, ``pipeline`` runs the ``filters`` in one transaction, ``actions`` is what every
source (``imap``, the ``atiende mail`` command line) calls. See README.md.
"""
