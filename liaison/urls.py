from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from liaison import second_factor, security_views

urlpatterns = [
    path("", include("liaison.home.urls")),
    path("accounts/", include("liaison.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/two-step/", second_factor.second_factor_verify, name="second_factor_verify"),
    path("accounts/two-step/setup/", second_factor.second_factor_setup, name="second_factor_setup"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("stations/", include("liaison.app_urls")),
    path("calendar/", include("liaison.calendar_urls")),
    path("", include("liaison.activities.urls")),
    path("", include("liaison.notifications.urls")),
    path("deputies/", include("deputies.urls")),
    path("opinions/", include("voters.urls", namespace="voters")),
    path("suggestions/", include("suggestions.urls")),
    path("livelihood/", include("liaison.livelihood.urls")),
    path("assessments/", include("assessments.urls")),
    path("security-log/", security_views.security_log, name="security_log"),
    path("policy/", include("liaison.policies.urls")),
    path("imports/", include("liaison.imports.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
