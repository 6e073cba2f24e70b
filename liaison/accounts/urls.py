from django.urls import path

from liaison.accounts import login_views

app_name = "accounts"

urlpatterns = [
    path("login/phone/", login_views.phone_login, name="phone_login"),
]
