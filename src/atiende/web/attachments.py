"""Downloading a ticket's attachments, for staff (desk) and customers (portal).

Access is decided by tickets.access.access_attachment_for (another organisation's file or a
file on an internal note is a 404 for a customer). Files are served as downloads, except the
image types a browser shows safely; the content type is the one sniffed at upload, and the
browser is told not to guess another one.
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from atiende.tickets.access import access_attachment_for
from atiende.tickets.attachments import is_inline_image
from atiende.web.decorators import customers_only, staff_only


def _serve(request, attachment_id):
    attachment = access_attachment_for(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not is_inline_image(attachment.content_type),
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private"
    return response


desk_download = staff_only(require_GET(_serve))
portal_download = customers_only(require_GET(_serve))
