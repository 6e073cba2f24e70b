from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing: role predicates, errors, dates, uploads, Excel, pagination, phones, QR codes. It
    imports no domain app; an app so that its template tags, templates and static files are found."""

    name = "liaison.core"
    label = "core"
