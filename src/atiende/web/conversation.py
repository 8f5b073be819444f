"""The conversation of a ticket as a page shows it: messages with their files (two queries)."""

from collections import defaultdict

from atiende.tickets.access import attachments_visible_to, messages_visible_to


def conversation_for(user, ticket) -> tuple[list, list]:
    """Messages and attachments ``user`` may see; each message gets its ``files``."""
    messages = list(messages_visible_to(user, ticket).select_related("author", "author_contact"))
    files = list(attachments_visible_to(user, ticket))
    by_message = defaultdict(list)
    for attachment in files:
        by_message[attachment.message_id].append(attachment)
    for message in messages:
        message.files = by_message.get(message.pk, [])
    return messages, files
