"""Reads of the outbox for the person it is addressed to."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from liaison.notifications.models import Notification


def inbox_of(user):
    return Notification.objects.filter(recipient__user=user, inbox_at__isnull=False).order_by(
        "-inbox_at", "-pk"
    )


def notifications_about(subject):
    """The messages planned about one object, or about any object of a queryset (as a subquery)."""
    if isinstance(subject, QuerySet):
        about_type = ContentType.objects.get_for_model(subject.model)
        return Notification.objects.filter(about_type=about_type, about_id__in=subject.values("pk"))
    about_type = ContentType.objects.get_for_model(subject)
    return Notification.objects.filter(about_type=about_type, about_id=subject.pk)
