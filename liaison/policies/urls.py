from django.urls import path

from liaison.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_edit, name="edit"),
]
