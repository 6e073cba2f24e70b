"""The network's pages. (liaison/urls.py is the project's root URLconf, since liaison is also the project.)"""

from django.urls import path

from liaison import public_views, views

app_name = "liaison"

urlpatterns = [
    path("", views.network, name="network"),
    path("ping/", views.ping, name="ping"),
    path("new/", views.station_create, name="station_create"),
    path("<int:pk>/", views.station_detail, name="station_detail"),
    path("<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("<int:pk>/stationings/new/", views.stationing_add, name="stationing_add"),
    path("stationings/<int:pk>/end/", views.stationing_end_view, name="stationing_end"),
    # Public: the notice board of each station and its posters (四公开, 码上找代表), no account needed.
    path("public/", public_views.station_index, name="public_index"),
    path("<int:pk>/public/", public_views.station_public, name="station_public"),
    path("<int:pk>/public/poster/", public_views.station_poster, name="station_poster"),
]
