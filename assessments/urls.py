from django.urls import path

from assessments import commendation_views, import_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.my_score, name="my_score"),
    path("deputies/<int:pk>/score/", views.deputy_score, name="deputy_score"),
    path("deputies/<int:pk>/archive/", views.archive, name="archive"),
    path("deputies/<int:pk>/archive/xlsx/", views.archive_export, name="archive_export"),
    path("records/", views.record_list, name="records"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/import/", import_views.duty_record_import, name="import"),
    path("records/import/template/", import_views.duty_record_import_template, name="import_template"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/evidence/", views.record_evidence, name="record_evidence"),
    path("records/<int:pk>/decide/", views.record_decide, name="record_decide"),
    path("rules/", views.rules_current, name="rules_current"),
    path("rules/<int:year>/", views.rules_edit, name="rules"),
    path("derive/", views.derive_now, name="derive"),
    path("notices/", views.notice, name="notice"),
    path("notices/xlsx/", views.notice_export, name="notice_export"),
    path("results/", views.year_results, name="results"),
    path("results/select/", views.excellent_select, name="excellent_select"),
    path("results/freeze/", views.results_freeze, name="freeze"),
    path("results/publish/", views.results_publish_view, name="publish"),
    path("commendations/", commendation_views.commendation_list, name="commendations"),
    path("commendations/new/", commendation_views.commendation_nominate_view, name="commendation_nominate"),
    path("commendations/xlsx/", commendation_views.commendation_export, name="commendation_export"),
    path("commendations/<int:pk>/", commendation_views.commendation_detail, name="commendation_detail"),
    path(
        "commendations/<int:pk>/decide/", commendation_views.commendation_decide, name="commendation_decide"
    ),
    path("reports/", views.report, name="report"),
    path("reports/jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("reports/jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("reports/jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
