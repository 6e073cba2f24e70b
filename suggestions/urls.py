from django.urls import path

from suggestions.views import (
    assignments,
    consultations,
    imports,
    pages,
    proposals,
    replies,
    shared,
    supervision,
    units,
)

app_name = "suggestions"

urlpatterns = [
    path("", pages.suggestion_list, name="list"),
    path("mine/", pages.my_cases, name="mine"),
    path("work/", pages.unit_work, name="unit_work"),
    path("new/", proposals.suggestion_create, name="create"),
    path("import/", imports.suggestion_import, name="import"),
    path("import/template/", imports.suggestion_import_template, name="import_template"),
    path("rates/", pages.rates_view, name="rates"),
    path("shared/", shared.shared_list, name="shared"),
    path("shared/similar/", shared.similar_view, name="similar"),
    path("shared/<int:pk>/", shared.shared_detail, name="shared_detail"),
    # A voters' opinion (its pk) raised as a suggestion: with similar ones, or from its triage form.
    path("opinions/<int:pk>/raise/", proposals.from_opinions_view, name="from_opinions"),
    path("opinions/<int:pk>/triage/", proposals.from_triage_view, name="from_triage"),
    path("<int:pk>/", pages.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", proposals.suggestion_edit, name="edit"),
    path("<int:pk>/submit/", proposals.suggestion_submit_view, name="submit"),
    path("<int:pk>/register/", proposals.register_view, name="register"),
    path("<int:pk>/reject/", proposals.reject_view, name="reject"),
    path("<int:pk>/merge/", proposals.merge_view, name="merge"),
    path("<int:pk>/assign/", assignments.assign_view, name="assign"),
    path("<int:pk>/key/", supervision.key_view, name="key"),
    path("<int:pk>/supervise/", supervision.supervise_view, name="supervise"),
    path("<int:pk>/letter/", supervision.reminder_letter, name="letter"),
    path("<int:pk>/contact/", replies.contact_view, name="contact"),
    path("<int:pk>/reply/", replies.reply_view, name="reply"),
    path("<int:pk>/evaluate/", replies.evaluate_view, name="evaluate"),
    path("<int:pk>/follow-up/", replies.follow_up_view, name="follow_up"),
    path("assignments/<int:pk>/accept/", assignments.accept_view, name="accept"),
    path("assignments/<int:pk>/return/", assignments.return_view, name="return"),
    path("assignments/<int:pk>/return/decide/", assignments.return_decide_view, name="return_decide"),
    path("assignments/<int:pk>/extension/", assignments.extension_view, name="extension"),
    path(
        "assignments/<int:pk>/extension/decide/", assignments.extension_decide_view, name="extension_decide"
    ),
    path("assignments/<int:pk>/view/", replies.view_view, name="view"),
    path("documents/<int:pk>/", pages.document_download, name="document"),
    path("templates/", units.template_list, name="templates"),
    path("templates/new/", units.template_edit, name="template_create"),
    path("templates/<int:pk>/edit/", units.template_edit, name="template_edit"),
    path("consultations/", consultations.consultation_list, name="consultations"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path(
        "consultations/<int:pk>/decide/", consultations.consultation_decide_view, name="consultation_decide"
    ),
    path(
        "consultations/<int:pk>/redraw/", consultations.consultation_redraw_view, name="consultation_redraw"
    ),
    path(
        "consultations/<int:pk>/minutes/",
        consultations.consultation_minutes_view,
        name="consultation_minutes",
    ),
    path("consultations/<int:pk>/print/", consultations.consultation_print, name="consultation_print"),
    path("consultations/<int:pk>/pdf/", consultations.consultation_pdf, name="consultation_pdf"),
    path("units/", units.unit_list, name="units"),
    path("units/new/", units.unit_edit, name="unit_create"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
]
