"""A person's inbox and reminder preferences, the gateways' status page and the providers' receipts.
Namespace "notifications"."""

from django.urls import path

from liaison.notifications import gateway_views, views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unread/", views.inbox_unread, name="inbox_unread"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("inbox/preferences/", views.preferences, name="preferences"),
    path("notifications/gateways/", gateway_views.gateways, name="gateways"),
    path("notifications/gateways/<str:channel>/check/", gateway_views.gateway_check, name="gateway_check"),
    path(
        "notifications/receipts/<str:provider>/<str:token>/",
        gateway_views.receipts_push,
        name="receipts_push",
    ),
]
