"""One module per ``atiende`` sub-command, each with ``run(args) -> exit code``.

:mod:`atiende.cli` defines the arguments and imports a command's module only after Django is
set up, so these modules may import models at the top — except ``mail``, whose
``add_arguments`` is imported while the parser is built and therefore imports Django inside
its functions. Each is an adapter: parse what the command line gave, call one action or
query, print.
"""
