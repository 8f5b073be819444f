"""Full-text search of tickets (tickets/search.py): a ``tsvector`` column with a GIN index on
PostgreSQL, an FTS5 table on SQLite; existing tickets are indexed. PostgreSQL also gets the
index of the desk list's next-due order."""

from django.db import migrations

# IF NOT EXISTS: the test suite runs each RunPython again after a transactional test
# (tests/conftest.py, run_data_migrations), on a database that already has them.
POSTGRES = [
    "ALTER TABLE tickets_ticket ADD COLUMN IF NOT EXISTS search_document tsvector",
    "CREATE INDEX IF NOT EXISTS ticket_search_gin ON tickets_ticket USING gin (search_document)",
    # The desk list's default order (sla.queries.order_by_next_due), read in index order.
    "CREATE INDEX IF NOT EXISTS ticket_due_order_idx ON tickets_ticket "
    "(next_due_at ASC NULLS LAST, id DESC)",
    # The queue counts (tickets.queues.queue_counts) read these indexes only: the open
    # tickets by state, and the open clocks past their warning or due time, or breached.
    "CREATE INDEX IF NOT EXISTS ticket_state_count_idx ON tickets_ticket (state_id) "
    "INCLUDE (assignee_id, group_id, id)",
    "CREATE INDEX IF NOT EXISTS sla_clock_open_due_idx ON sla_clock (due_at) "
    "INCLUDE (ticket_id, warn_at, paused_since, breached_at) "
    "WHERE met_at IS NULL AND stopped_at IS NULL",
    "CREATE INDEX IF NOT EXISTS sla_clock_open_warn_idx ON sla_clock (warn_at) "
    "INCLUDE (ticket_id, due_at, paused_since, breached_at) "
    "WHERE met_at IS NULL AND stopped_at IS NULL",
    "CREATE INDEX IF NOT EXISTS sla_clock_breached_idx ON sla_clock (ticket_id) "
    "WHERE breached_at IS NOT NULL",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS ticket_due_order_idx",
    "DROP INDEX IF EXISTS ticket_state_count_idx",
    "DROP INDEX IF EXISTS sla_clock_open_due_idx",
    "DROP INDEX IF EXISTS sla_clock_open_warn_idx",
    "DROP INDEX IF EXISTS sla_clock_breached_idx",
    "DROP INDEX IF EXISTS ticket_search_gin",
    "ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_document",
]
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS tickets_ticket_fts USING fts5("
    "head, body, tokenize = 'unicode61 remove_diacritics 2')",
    # A flush empties the tickets but not this table: no entry may outlive its ticket.
    "DELETE FROM tickets_ticket_fts WHERE rowid NOT IN (SELECT id FROM tickets_ticket)",
]
SQLITE_BACK = ["DROP TABLE IF EXISTS tickets_ticket_fts"]


def forwards(apps, schema_editor):
    from atiende.tickets import search

    vendor = schema_editor.connection.vendor
    for statement in POSTGRES if vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)
    Ticket = apps.get_model("tickets", "Ticket")
    search.reindex(Ticket.objects.values_list("pk", flat=True))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES_BACK if vendor == "postgresql" else SQLITE_BACK:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_flagged_event"), ("sla", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
