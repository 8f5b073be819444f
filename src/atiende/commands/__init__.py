"""One module per ``atiende`` sub-command, each with ``run(args) -> exit code``.

They are imported by :mod:`atiende.cli` after Django is set up, so they may import models at
the top. Each is an adapter: parse what the command line gave, call one action or query, print.
"""
