from django.urls import path

from liaison.accounts import login_views, views

app_name = "accounts"

urlpatterns = [
    path("login/phone/", login_views.phone_login, name="phone_login"),
    path("activate/<str:token>/", login_views.activate, name="activate"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/activation/", views.user_activation, name="user_activation"),
]
