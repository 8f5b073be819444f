"""Security headers that neither Django nor django-csp set.

Django's ``SecurityMiddleware`` sends ``Referrer-Policy`` (``SECURE_REFERRER_POLICY``) and
``X-Content-Type-Options: nosniff``; django-csp's middleware the ``Content-Security-Policy``
(``CONTENT_SECURITY_POLICY``). This one adds ``Permissions-Policy`` to every response.
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "ATIENDE_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
