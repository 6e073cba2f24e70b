from celery import shared_task

from liaison.home.staff_dashboard import staff_dashboard_refresh


@shared_task(name="liaison.refresh_staff_dashboard", ignore_result=True)
def refresh_staff_dashboard():
    return staff_dashboard_refresh()
