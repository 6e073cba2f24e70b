from django.urls import path

from deputies import account_views, views

app_name = "deputies"

urlpatterns = [
    path("", views.roster, name="list"),
    path("export/", views.roster_book, {"output": "xlsx"}, name="export"),
    path("print/", views.roster_book, {"output": "print"}, name="roster_print"),
    path("pdf/", views.roster_book, {"output": "pdf"}, name="roster_pdf"),
    path("import/", views.roster_import_view, name="import"),
    path("import/template/", views.roster_template, name="import_template"),
    path("new/", views.deputy_create_view, name="create"),
    path("me/", views.own_profile, name="own_profile"),
    path("accounts/", account_views.deputy_accounts, name="accounts"),
    path("<int:pk>/account/", account_views.deputy_account, name="account"),
    path("<int:pk>/account/activation/", account_views.account_activation_view, name="account_activation"),
    path("<int:pk>/account/link/", account_views.account_link_view, name="account_link"),
    path("<int:pk>/account/unlink/", account_views.account_unlink_view, name="account_unlink"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/edit/", views.deputy_edit, name="edit"),
    path("<int:pk>/mandates/new/", views.mandate_edit, name="mandate_create"),
    path("<int:pk>/mandates/<int:mandate_pk>/", views.mandate_edit, name="mandate_edit"),
    path("<int:pk>/qr/", views.deputy_qr, name="qr"),
    path("<int:pk>/qr/poster/", views.deputy_qr_poster, name="qr_poster"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_edit, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("stationings/at/<int:pk>/new/", views.stationing_add, name="stationing_add"),
    path("stationings/<int:pk>/end/", views.stationing_end_view, name="stationing_end"),
]
