from django.urls import path

from voters.views import intake, lists, opinion, public, visits, voters

app_name = "voters"

urlpatterns = [
    path("", lists.opinion_list, name="list"),
    path("new/", intake.opinion_create_view, name="create"),
    path("similar/", intake.similar_view, name="similar"),
    path("<int:pk>/", opinion.opinion_detail, name="detail"),
    path("<int:pk>/reveal/", opinion.opinion_reveal, name="reveal"),
    path("<int:pk>/triage/", opinion.opinion_triage_view, name="triage"),
    path("<int:pk>/start/", opinion.opinion_start_view, name="start"),
    path("<int:pk>/resolve/", opinion.opinion_resolve_view, name="resolve"),
    path("<int:pk>/return-visit/", opinion.opinion_return_visit_view, name="return_visit"),
    path("<int:pk>/close/", opinion.opinion_close_view, name="close"),
    path("<int:pk>/withdraw/", opinion.opinion_withdraw_view, name="withdraw"),
    path("<int:pk>/merge/", opinion.opinion_merge_view, name="merge"),
    path("<int:pk>/attachments/", opinion.attachment_add_view, name="attachment_add"),
    path("from-visit/<int:pk>/", intake.from_visit, name="from_visit"),
    path("visits/new/", visits.visit_log_view, name="visit_log"),
    path("attachments/<int:pk>/", opinion.attachment_download, name="attachment"),
    path("consultation/", lists.consultation, name="consultation"),
    path("register/", lists.register, name="register"),
    path("register/export/", lists.register_book, {"output": "xlsx"}, name="register_export"),
    path("register/print/", lists.register_book, {"output": "print"}, name="register_print"),
    path("register/pdf/", lists.register_book, {"output": "pdf"}, name="register_pdf"),
    path("feedback/", lists.feedback, name="feedback"),
    path("feedback/export/", lists.feedback_book, {"output": "xlsx"}, name="feedback_export"),
    path("feedback/print/", lists.feedback_book, {"output": "print"}, name="feedback_print"),
    path("feedback/pdf/", lists.feedback_book, {"output": "pdf"}, name="feedback_pdf"),
    path("voters/", voters.voter_list, name="voters"),
    path("voters/export/", voters.voter_export, name="voter_export"),
    path("voters/<int:pk>/", voters.voter_detail, name="voter_detail"),
    path("voters/<int:pk>/reveal/", voters.voter_reveal, name="voter_reveal"),
    path("voters/<int:pk>/edit/", voters.voter_edit, name="voter_edit"),
    path("exports/", voters.export_log, name="exports"),
    path("categories/", lists.category_list, name="categories"),
    path("categories/new/", lists.category_edit, name="category_create"),
    path("categories/<int:pk>/edit/", lists.category_edit, name="category_edit"),
    path("stations/<int:pk>/qr/", public.station_qr, name="station_qr"),
    # Public pages, reached from a station's or a deputy's QR code, without an account.
    path("public/s/<int:pk>/", public.public_station, name="public_station"),
    path("public/d/<str:token>/", public.public_deputy, name="public_deputy"),
    path("public/track/", public.track_lookup, name="track_lookup"),
    path("public/track/<str:code>/", public.track, name="track"),
]
