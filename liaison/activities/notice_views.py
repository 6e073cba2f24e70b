"""Notices to many deputies (通知群发): the list, writing one with a preview of whom it reaches, its page (who
received it, who read it, who could not be reached; cancelling; reminding those who have not read it) and
each deputy's read link, which needs no login."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from deputies.selectors import groups_visible_to
from liaison.activities.forms import NoticeFilter, NoticeForm
from liaison.activities.models import Notice, NoticeCopy
from liaison.activities.notices import (
    notice_can_move,
    notice_cancel,
    notice_copy_read,
    notice_create,
    notice_next_reminder,
    notice_remind,
)
from liaison.activities.recipients import deputies_without_channel
from liaison.activities.selectors import (
    notice_audience,
    notice_copies,
    notice_figures,
    notice_rows,
    notices_visible_to,
)
from liaison.core.access import manages_network, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.selectors import stations_managed_by


@role_required(manages_network)
def notice_list(request):
    notices = NoticeFilter(request.GET, queryset=notices_visible_to(request.user), request=request)
    page = paginate(request, notice_rows(notices.qs).order_by("-send_at", "-pk"))
    return render(request, "activities/notice_list.html", {"filter": notices, "page": page})


def _notice_form(request, data):
    return NoticeForm(
        data,
        user=request.user,
        stations=stations_managed_by(request.user),
        groups=groups_visible_to(request.user),
    )


def _preview(form):
    """Whom the notice would reach now, and how its SMS would look."""
    notice = Notice(**form.notice_fields())
    deputies = notice_audience(notice)
    return {
        "notice": notice,
        "count": deputies.count(),
        "without_channel": deputies_without_channel(deputies),
    }


@role_required(manages_network)
def notice_create_view(request):
    form = _notice_form(request, request.POST or None)
    preview = None
    if form.is_valid():
        if "send" in request.POST and form.was_previewed():
            try:
                notice = notice_create(actor=request.user, **form.notice_fields())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Scheduled: it goes out at the time set.")
                    if notice.send_at > timezone.now()
                    else _("Sending: each deputy gets it within a minute or two."),
                )
                return redirect(notice)
        else:
            # Preview first, and again whenever the audience changed since the last preview.
            data = request.POST.copy()
            data["previewed"] = form.audience_key()
            form = _notice_form(request, data)
            form.is_valid()
            preview = _preview(form)
    context = {"form": form, "preview": preview, "now": timezone.now()}
    return render(request, "activities/notice_form.html", context)


@role_required(manages_network)
def notice_detail(request, pk):
    notice = get_object_or_404(
        notices_visible_to(request.user).select_related("station", "group", "author"), pk=pk
    )
    show = request.GET.get("show", "")
    sent = notice.status == Notice.Status.SENT
    context = {
        "notice": notice,
        "figures": notice_figures(notice) if sent else None,
        "page": paginate(request, notice_copies(notice, show)) if sent else None,
        "show": show,
        "can_cancel": notice_can_move(notice, Notice.Status.CANCELLED),
        "next_reminder": notice_next_reminder(notice),
        "now": timezone.now(),
    }
    return render(request, "activities/notice_detail.html", context)


@require_POST
@role_required(manages_network)
def notice_cancel_view(request, pk):
    notice = get_object_or_404(notices_visible_to(request.user), pk=pk)
    with refused_to_message(request, notice) as refusal:
        notice_cancel(notice=notice)
        messages.success(request, _("Cancelled: the notice will not be sent."))
    return refusal.response or redirect(notice)


@require_POST
@role_required(manages_network)
def notice_remind_view(request, pk):
    notice = get_object_or_404(notices_visible_to(request.user), pk=pk)
    with refused_to_message(request, notice) as refusal:
        reminded = notice_remind(notice=notice)
        if reminded:
            messages.success(
                request,
                _("%(count)s deputies who have not read it are reminded.") % {"count": reminded},
            )
        else:
            messages.info(request, _("Nobody to remind: everyone has read it."))
    return refusal.response or redirect(notice)


@never_cache
@require_http_methods(["GET", "POST"])
def notice_read(request, token):
    """A deputy's copy of a notice, by the personal link of their SMS, e-mail or inbox; no login, the token
    is the key. A GET only shows it (a link preview must not count as reading): the page itself reports
    the reading with a POST, or the deputy's button does where scripts do not run."""
    copy = get_object_or_404(
        NoticeCopy.objects.select_related("notice__station", "notification", "deputy"), token=token
    )
    if request.method == "POST":
        notice_copy_read(copy=copy)
        if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
            return HttpResponse(status=204)
        messages.success(request, _("Thank you: it is marked as read."))
        return redirect(copy.get_absolute_url())
    return render(request, "activities/notice_read.html", {"copy": copy, "notice": copy.notice})
