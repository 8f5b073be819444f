"""OpenAPI generation details (drf-spectacular)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc


class ApiAutoSchema(AutoSchema):
    """Operation descriptions come from the handler method's docstring (who may call it and
    what it does), never from the view class's, which documents the code."""

    def get_description(self):
        method = getattr(self.view, getattr(self.view, "action", self.method.lower()), None)
        return get_doc(method)
