"""The network's pages. (liaison/urls.py is the project's root URLconf, since liaison is also the project.)"""

from django.urls import path

from liaison import views

app_name = "liaison"

urlpatterns = [
    path("", views.network, name="network"),
    path("new/", views.station_create, name="station_create"),
    path("<int:pk>/", views.station_detail, name="station_detail"),
    path("<int:pk>/edit/", views.station_edit, name="station_edit"),
]
