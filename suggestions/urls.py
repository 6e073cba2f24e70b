from django.urls import path

from suggestions import views

app_name = "suggestions"

urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("mine/", views.my_cases, name="mine"),
    path("work/", views.unit_work, name="unit_work"),
    path("new/", views.suggestion_create, name="create"),
    path("rates/", views.rates_view, name="rates"),
    # A voters' opinion (its pk) raised as a suggestion: with similar ones, or from its triage form.
    path("opinions/<int:pk>/raise/", views.from_opinions_view, name="from_opinions"),
    path("opinions/<int:pk>/triage/", views.from_triage_view, name="from_triage"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("<int:pk>/submit/", views.suggestion_submit_view, name="submit"),
    path("<int:pk>/register/", views.register_view, name="register"),
    path("<int:pk>/reject/", views.reject_view, name="reject"),
    path("<int:pk>/merge/", views.merge_view, name="merge"),
    path("<int:pk>/assign/", views.assign_view, name="assign"),
    path("<int:pk>/key/", views.key_view, name="key"),
    path("<int:pk>/supervise/", views.supervise_view, name="supervise"),
    path("<int:pk>/letter/", views.reminder_letter, name="letter"),
    path("<int:pk>/contact/", views.contact_view, name="contact"),
    path("<int:pk>/reply/", views.reply_view, name="reply"),
    path("<int:pk>/evaluate/", views.evaluate_view, name="evaluate"),
    path("<int:pk>/follow-up/", views.follow_up_view, name="follow_up"),
    path("assignments/<int:pk>/accept/", views.accept_view, name="accept"),
    path("assignments/<int:pk>/return/", views.return_view, name="return"),
    path("assignments/<int:pk>/return/decide/", views.return_decide_view, name="return_decide"),
    path("assignments/<int:pk>/extension/", views.extension_view, name="extension"),
    path("assignments/<int:pk>/extension/decide/", views.extension_decide_view, name="extension_decide"),
    path("assignments/<int:pk>/view/", views.view_view, name="view"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/<int:pk>/", views.holiday_edit, name="holiday_edit"),
]
