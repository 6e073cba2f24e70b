from django.urls import path

from assessments import bulletin_views, commendation_views, import_views, plan_views, sitting_views, views

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
    path("plans/", plan_views.plan_list, name="plans"),
    path("plans/new/", plan_views.plan_start, name="plan_start"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", plan_views.plan_submit_view, name="plan_submit"),
    path("plans/<int:pk>/print/", plan_views.plan_paper, {"output": "print"}, name="plan_print"),
    path("plans/<int:pk>/pdf/", plan_views.plan_paper, {"output": "pdf"}, name="plan_pdf"),
    path("summaries/new/", plan_views.summary_start, name="summary_start"),
    path("summaries/<int:pk>/", plan_views.summary_detail, name="summary_detail"),
    path("summaries/<int:pk>/edit/", plan_views.summary_edit, name="summary_edit"),
    path("summaries/<int:pk>/final/", plan_views.summary_finalise_view, name="summary_finalise"),
    path("summaries/<int:pk>/print/", plan_views.summary_paper, {"output": "print"}, name="summary_print"),
    path("summaries/<int:pk>/pdf/", plan_views.summary_paper, {"output": "pdf"}, name="summary_pdf"),
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
    path("sittings/", sitting_views.sitting_list_view, name="sittings"),
    path("sittings/new/", sitting_views.sitting_form_view, name="sitting_create"),
    path("sittings/<int:pk>/", sitting_views.sitting_detail, name="sitting_detail"),
    path("sittings/<int:pk>/edit/", sitting_views.sitting_form_view, name="sitting_edit"),
    path("sittings/<int:pk>/roll/", sitting_views.sitting_roll, name="sitting_roll"),
    path(
        "sittings/<int:pk>/roll/import/", sitting_views.sitting_roll_import_view, name="sitting_roll_import"
    ),
    path(
        "sittings/<int:pk>/roll/template/", sitting_views.sitting_roll_template, name="sitting_roll_template"
    ),
    path("sittings/<int:pk>/invite/", sitting_views.sitting_invite_view, name="sitting_invite"),
    path("sittings/<int:pk>/speeches/", sitting_views.speech_add_view, name="speech_add"),
    path("speeches/<int:pk>/remove/", sitting_views.speech_remove_view, name="speech_remove"),
    path("bulletins/", bulletin_views.bulletin_list, name="bulletins"),
    path("bulletins/new/", bulletin_views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/edit/", bulletin_views.bulletin_edit_view, name="bulletin_edit"),
    path(
        "bulletins/<int:pk>/regenerate/", bulletin_views.bulletin_regenerate_view, name="bulletin_regenerate"
    ),
    path("bulletins/<int:pk>/publish/", bulletin_views.bulletin_publish_view, name="bulletin_publish"),
    path("bulletins/<int:pk>/print/", bulletin_views.bulletin_print, name="bulletin_print"),
    path("bulletins/<int:pk>/pdf/", bulletin_views.bulletin_print, {"output": "pdf"}, name="bulletin_pdf"),
]
