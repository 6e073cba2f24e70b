"""A person's inbox and reminder preferences. Namespace "notifications"."""

from django.urls import path

from liaison.notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unread/", views.inbox_unread, name="inbox_unread"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("inbox/preferences/", views.preferences, name="preferences"),
]
