"""The language switch in the page header.

A signed-in user's choice is saved on the user (it also decides the language of their mail);
an anonymous visitor's goes to the language cookie through Django's ``set_language``.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from atiende.accounts.actions import set_language
from atiende.core.errors import ActionError


def _next_url(request) -> str:
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return "/"


@require_POST
def switch_language(request):
    if not request.user.is_authenticated:
        return django_set_language(request)
    response = HttpResponseRedirect(_next_url(request))
    language = request.POST.get("language", "")
    try:
        set_language(request.user, language)
    except ActionError as error:
        messages.error(request, error.message)
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
