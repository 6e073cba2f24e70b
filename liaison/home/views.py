from django.shortcuts import render

from liaison.core.access import any_signed_in, role_required
from liaison.home.dashboards import home_context


@role_required(any_signed_in)
def home(request):
    """Each role's own start page: what needs them now (liaison/home/dashboards.py)."""
    return render(request, "home/home.html", home_context(request.user))
