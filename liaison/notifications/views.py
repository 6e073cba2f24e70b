"""A person's inbox (the bell) and how they want to be reached."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import any_signed_in, role_required
from liaison.core.pagination import paginate
from liaison.notifications.forms import PreferenceForm
from liaison.notifications.selectors import inbox_of, recipient_of_account
from liaison.notifications.services import (
    notification_mark_read,
    recipient_of_user,
    recipient_set_preferences,
)


@role_required(any_signed_in)
def inbox(request):
    page = paginate(request, inbox_of(request.user))
    return render(request, "notifications/inbox.html", {"page": page})


@role_required(any_signed_in)
def inbox_unread(request):
    """The bell's count, fetched by the page (so that no page pays a query for it)."""
    count = inbox_of(request.user).filter(read_at__isnull=True).count()
    return JsonResponse({"unread": count})


@require_POST
@role_required(any_signed_in)
def inbox_open(request, pk):
    notification = get_object_or_404(inbox_of(request.user), pk=pk)
    notification_mark_read(user=request.user, notification=notification)
    url = (
        notification.url if notification.url.startswith("/") and not notification.url.startswith("//") else ""
    )
    return redirect(url or "notifications:inbox")


@require_POST
@role_required(any_signed_in)
def inbox_read_all(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:inbox")


@role_required(any_signed_in)
def preferences(request):
    form = PreferenceForm(request.POST or None, instance=recipient_of_account(request.user))
    if form.is_valid():
        recipient_set_preferences(recipient=recipient_of_user(request.user), **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("How I am reminded"), "preferences": True},
    )
