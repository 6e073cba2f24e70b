from django.urls import path

from liaison.livelihood import views

app_name = "livelihood"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit_view, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw_view, name="withdraw"),
    path("<int:pk>/supervisors/", views.supervisors_view, name="supervisors"),
    path("<int:pk>/report/", views.report_view, name="report"),
    path("<int:pk>/visit/", views.visit_view, name="visit"),
    path("<int:pk>/evaluate/", views.evaluate_view, name="evaluate"),
    path("votes/", views.vote_list, name="votes"),
    path("votes/new/", views.vote_create_view, name="vote_create"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/roll/", views.roll_view, name="vote_roll"),
    path("votes/<int:pk>/tally/", views.tally_view, name="vote_tally"),
]
