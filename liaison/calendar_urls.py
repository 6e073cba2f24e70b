"""The working-day calendar's pages (staff)."""

from django.urls import path

from liaison import calendar_views

app_name = "calendar"

urlpatterns = [
    path("", calendar_views.calendar_year, name="days"),
    path("<int:year>/", calendar_views.calendar_year, name="year"),
    path("<int:year>/load/", calendar_views.calendar_load, name="load"),
    path("days/<int:pk>/", calendar_views.holiday_edit, name="day_edit"),
]
