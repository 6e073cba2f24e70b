from django.urls import path

from voters import views

app_name = "voters"

urlpatterns = [
    path("", views.opinion_list, name="list"),
    path("new/", views.opinion_create_view, name="create"),
    path("similar/", views.similar_view, name="similar"),
    path("<int:pk>/", views.opinion_detail, name="detail"),
    path("<int:pk>/reveal/", views.opinion_reveal, name="reveal"),
    path("<int:pk>/triage/", views.opinion_triage_view, name="triage"),
    path("<int:pk>/start/", views.opinion_start_view, name="start"),
    path("<int:pk>/resolve/", views.opinion_resolve_view, name="resolve"),
    path("<int:pk>/return-visit/", views.opinion_return_visit_view, name="return_visit"),
    path("<int:pk>/close/", views.opinion_close_view, name="close"),
    path("<int:pk>/withdraw/", views.opinion_withdraw_view, name="withdraw"),
    path("<int:pk>/merge/", views.opinion_merge_view, name="merge"),
    path("<int:pk>/attachments/", views.attachment_add_view, name="attachment_add"),
    path("from-visit/<int:pk>/", views.from_visit, name="from_visit"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("consultation/", views.consultation, name="consultation"),
    path("register/", views.register, name="register"),
    path("register/export/", views.register_export, name="register_export"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/export/", views.feedback_export, name="feedback_export"),
    path("voters/", views.voter_list, name="voters"),
    path("voters/export/", views.voter_export, name="voter_export"),
    path("voters/<int:pk>/", views.voter_detail, name="voter_detail"),
    path("voters/<int:pk>/reveal/", views.voter_reveal, name="voter_reveal"),
    path("voters/<int:pk>/edit/", views.voter_edit, name="voter_edit"),
    path("exports/", views.export_log, name="exports"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("stations/<int:pk>/qr/", views.station_qr, name="station_qr"),
    # Public pages, reached from a station's or a deputy's QR code, without an account.
    path("public/s/<int:pk>/", views.public_station, name="public_station"),
    path("public/d/<str:token>/", views.public_deputy, name="public_deputy"),
    path("public/track/", views.track_lookup, name="track_lookup"),
    path("public/track/<str:code>/", views.track, name="track"),
]
