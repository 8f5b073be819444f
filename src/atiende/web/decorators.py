"""Who may enter the desk and who the portal (R2, R3).

Staff work in the desk, customers in the portal. Someone who opens the other side's address
(a pasted link, an old bookmark) is sent to their own side's home instead of seeing an error;
anonymous visitors go to the login page.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


def staff_only(view):
    """Desk views: agents and other staff. A customer is redirected to the portal."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_agent:
            return redirect("portal:list")
        return view(request, *args, **kwargs)

    return wrapper


def customers_only(view):
    """Portal views: customer users. Staff are redirected to the desk."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_customer:
            return redirect("desk:list")
        return view(request, *args, **kwargs)

    return wrapper
