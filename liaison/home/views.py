from django.shortcuts import render

from liaison.core.access import role_required
from liaison.home.dashboards import home_context


@role_required(lambda user: True)
def home(request):
    """Each role's own start page: what needs them now (liaison/home/dashboards.py)."""
    return render(request, "home/home.html", home_context(request.user))
