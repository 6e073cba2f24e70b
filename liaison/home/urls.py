"""Each role's home page and the public site: the notice board of each station and the deputy's page that
a QR code opens (四公开, 码上找代表), no account needed. Namespace "home". The public paths are those
printed on posters already hanging in stations: they never change."""

from django.urls import path

from liaison.home import public_views, views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    # The staff dashboard's full tables.
    path("figures/units/", views.staff_units, name="staff_units"),
    path("figures/stations/", views.staff_stations, name="staff_stations"),
    path("figures/streets/", views.staff_streets, name="staff_streets"),
    path("stations/public/", public_views.station_index, name="public_index"),
    path("stations/<int:pk>/public/", public_views.station_public, name="station_public"),
    path("stations/<int:pk>/public/poster/", public_views.station_poster, name="station_poster"),
    path("deputies/p/<str:token>/", public_views.deputy_public, name="deputy_public"),
    path("deputies/p/<str:token>/poster/", public_views.deputy_public_poster, name="deputy_public_poster"),
]
