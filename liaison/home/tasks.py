from celery import shared_task
from django.utils import translation

from liaison.home.staff_dashboard import count_staff_figures, staff_dashboard_refresh
from liaison.models import User


@shared_task(name="liaison.refresh_staff_dashboard", ignore_result=True)
def refresh_staff_dashboard():
    return staff_dashboard_refresh()


@shared_task(name="liaison.recount_staff_figures", ignore_result=True)
def recount_staff_figures(user_id, language):
    """The figures of one staff member's scope in one language, asked for by a visit that found them expired."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        with translation.override(language):
            count_staff_figures(user)
