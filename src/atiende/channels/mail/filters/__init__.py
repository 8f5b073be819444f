"""The mail pipeline's filters: one job each, all ``run(ctx: Context) -> Outcome | None``.

The order they run in is :data:`atiende.channels.mail.pipeline.FILTERS`.
"""
