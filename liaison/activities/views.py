"""Pages of activities (list, calendar, detail and each step from creation to the summary) and a deputy's
own page: their invitations, their reply and their calendar feed. The other pages of the app sit beside it:
reception_views (plans and the public notices of reception days), visit_views, appointment_views and
reminder_views."""

import calendar
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.selectors import deputies_visible_to
from liaison.activities import ical
from liaison.activities.forms import (
    ActivityForm,
    AttendanceForm,
    CancelForm,
    ReceivedVoterFormSet,
    ReceptionVotersForm,
    ReplyForm,
    SummaryForm,
)
from liaison.activities.models import Activity, CalendarFeed, Invitation
from liaison.activities.ratings import rating_closes_at, rating_comments, rating_is_open, reports_of
from liaison.activities.selectors import (
    activities_filtered,
    activities_managed_by,
    activities_visible_to,
    activity_detail_get,
    activity_rows,
    appointments_visible_to,
    deliveries_visible_to,
    officers_offered_to,
)
from liaison.activities.services import (
    activity_cancel,
    activity_create,
    activity_move_to_working_day,
    activity_publish,
    activity_update,
    attendance_record,
    calendar_feed_reset,
    invitation_reply,
    reception_voters_record,
    summary_record,
    working_day_proposals,
)
from liaison.core.access import is_deputy, manages_network, manages_network_or_deputy, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.periods import period_from
from liaison.notifications.selectors import notifications_about
from liaison.selectors import stations_managed_by

# --- Activities: list, calendar, detail ------------------------------------------------------------------


@role_required(manages_network)
def activity_list(request):
    activities = activities_filtered(activities_visible_to(request.user), request.GET)
    page = paginate(request, activity_rows(activities).order_by("starts_at", "pk"))
    context = {"page": page, "kinds": Activity.Kind.choices, "statuses": Activity.Status.choices}
    context["book_form"] = period_from(request, stations_managed_by(request.user))[0]
    return render(request, "activities/activity_list.html", context)


@role_required(manages_network)
def activity_calendar(request):
    today = timezone.localdate()
    try:
        first = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    by_day = {}
    for activity in activity_rows(activities_visible_to(request.user)).filter(
        starts_at__gte=start, starts_at__lt=end
    ):
        by_day.setdefault(timezone.localdate(activity.starts_at), []).append(activity)
    weeks = [
        [(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    context = {
        "month": first,
        "weeks": weeks,
        "today": today,
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + timedelta(days=1)).strftime("%Y-%m"),
    }
    return render(request, "activities/activity_calendar.html", context)


@role_required(manages_network_or_deputy)
def activity_detail(request, pk):
    activity = activity_detail_get(request.user, pk)
    can_manage = activities_managed_by(request.user).filter(pk=activity.pk).exists()
    own = None
    if request.user.is_deputy:
        own = next((i for i in activity.invitations.all() if i.deputy_id == request.user.deputy.pk), None)
    context = {
        "activity": activity,
        "can_manage": can_manage,
        "own_invitation": own,
        "reply_form": ReplyForm(initial={"reply": own.reply, "reason": own.reason}) if own else None,
        "events": activity.events.select_related("actor") if can_manage else [],
        "deliveries": deliveries_visible_to(request.user).filter(
            notification__in=notifications_about(activity)
        )[:200]
        if can_manage
        else [],
        "started": activity.starts_at <= timezone.now(),
        "proposed_day": working_day_proposals([activity]).get(activity.pk) if can_manage else None,
        # A joint reception day's guests, with the opinions handed to their offices (voters.Opinion).
        "guests": activity.guests.prefetch_related("opinions") if can_manage else activity.guests.all(),
    }
    if activity.kind == Activity.Kind.REPORT:
        context["voter_reports"] = list(reports_of(activity))
        context["rating_open"] = rating_is_open(activity)
        context["rating_closes_at"] = rating_closes_at(activity)
        context["rating_comments"] = rating_comments(activity)
    return render(request, "activities/activity_detail.html", context)


def _activity_form(request, instance=None):
    return ActivityForm(
        request.POST or None,
        instance=instance,
        stations=stations_managed_by(request.user),
        deputies=deputies_visible_to(request.user).filter(is_active=True),
        officers=officers_offered_to(request.user),
    )


@role_required(manages_network)
def activity_create_view(request):
    form = _activity_form(request)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "officers"}
        activity = activity_create(
            actor=request.user,
            deputies=form.cleaned_data["deputies"],
            officers=form.cleaned_data["officers"],
            **fields,
        )
        if activity.starts_at <= timezone.now():
            messages.success(
                request, _("Activity created; record its attendance and summary after the fact.")
            )
        else:
            messages.success(request, _("Activity created; publish it when it is ready."))
        return redirect(activity)
    return render(request, "form_page.html", {"form": form, "title": _("New activity")})


@role_required(manages_network)
def activity_edit(request, pk):
    activity = get_object_or_404(activities_managed_by(request.user), pk=pk)
    form = _activity_form(request, instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "officers"}
        # The form wrote the new values onto the instance: the service compares with the saved row.
        try:
            activity_update(
                activity=Activity(pk=activity.pk),
                actor=request.user,
                deputies=list(form.cleaned_data["deputies"]),
                officers=list(form.cleaned_data["officers"]),
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(activity)
    return render(request, "form_page.html", {"form": form, "title": activity.title, "back": activity})


@require_POST
@role_required(manages_network)
def activity_move_view(request, pk):
    """The one-click choice offered for a reception day on a holiday: the next working day."""
    activity = get_object_or_404(activities_managed_by(request.user), pk=pk)
    with refused_to_message(request, activity) as refusal:
        moved = activity_move_to_working_day(activity=activity, actor=request.user)
        day = date_format(timezone.localtime(moved.starts_at), "DATE_FORMAT")
        messages.success(request, _("Moved to %(day)s, the next working day.") % {"day": day})
    back_to_plan = request.POST.get("back") == "plan" and activity.plan_id
    return refusal.response or redirect(activity.plan if back_to_plan else activity)


@require_POST
@role_required(manages_network)
def activity_publish_view(request, pk):
    activity = get_object_or_404(activities_managed_by(request.user), pk=pk)
    with refused_to_message(request, activity) as refusal:
        activity_publish(
            activity=activity, actor=request.user, allow_late=bool(request.POST.get("allow_late"))
        )
        messages.success(request, _("Published: those invited are told and their reminders are planned."))
    return refusal.response or redirect(activity)


@role_required(manages_network)
def activity_cancel_view(request, pk):
    activity = get_object_or_404(activities_managed_by(request.user), pk=pk)
    form = CancelForm(request.POST or None)
    if form.is_valid():
        with refused_to_message(request, activity) as refusal:
            activity_cancel(activity=activity, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Cancelled: those invited are told that it is off."))
        return refusal.response or redirect(activity)
    return render(request, "form_page.html", {"form": form, "title": activity.title, "back": activity})


@role_required(manages_network)
def activity_attendance(request, pk):
    activity = get_object_or_404(activities_managed_by(request.user), pk=pk)
    invitations = activity.invitations.select_related("deputy").order_by("deputy__name_pinyin")
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if form.is_valid():
        with refused_to_message(request, activity) as refusal:
            attendance_record(activity=activity, actor=request.user, attendance=form.attendance())
            messages.success(request, _("Attendance recorded."))
        return refusal.response or redirect(activity)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Attendance"), "back": activity, "subtitle": activity},
    )


@role_required(manages_network)
def reception_voters(request, pk):
    """A reception day's voters: how many came, and those who left a name or phone (issue 18)."""
    activity = get_object_or_404(
        activities_managed_by(request.user).filter(kind=Activity.Kind.RECEPTION), pk=pk
    )
    form = ReceptionVotersForm(request.POST or None, initial={"count": activity.voters_received})
    named = ReceivedVoterFormSet(request.POST or None, prefix="named")
    if request.method == "POST" and form.is_valid() and named.is_valid():
        with refused_to_message(request, activity, form=form) as refusal:
            reception_voters_record(
                activity=activity,
                actor=request.user,
                count=form.cleaned_data["count"],
                named=[row for row in named.cleaned_data if row],
            )
            messages.success(request, _("Voters received recorded."))
            return redirect(activity)
        if refusal.response:
            return refusal.response
    context = {
        "activity": activity,
        "form": form,
        "named": named,
        "listed": activity.received_voters.all(),
        "visits": activity.visits.select_related("station").order_by("date", "pk"),
    }
    return render(request, "activities/reception_voters.html", context)


@role_required(manages_network)
def activity_summary(request, pk):
    activity = get_object_or_404(activities_managed_by(request.user), pk=pk)
    form = SummaryForm(request.POST or None, request.FILES or None, initial={"summary": activity.summary})
    if form.is_valid():
        with refused_to_message(request, activity) as refusal:
            summary_record(
                activity=activity,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                photos=form.cleaned_data["photos"],
            )
            messages.success(request, _("Summary recorded."))
        return refusal.response or redirect(activity)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Summary and photos"),
            "back": activity,
            "subtitle": activity,
            "multipart": True,
        },
    )


# --- A deputy's own page ---------------------------------------------------------------------------------


def _own_deputy(user):
    deputy = getattr(user, "deputy", None)
    if deputy is None:
        raise Http404
    return deputy


@role_required(is_deputy)
def my_activities(request):
    deputy = _own_deputy(request.user)
    invitations = (
        Invitation.objects.filter(deputy=deputy, activity__ends_at__gte=timezone.now())
        .exclude(activity__status=Activity.Status.PLANNED)
        .select_related("activity__station")
        .order_by("activity__starts_at")
    )
    feed = CalendarFeed.objects.filter(deputy=deputy).first()
    feed_url = request.build_absolute_uri(reverse("activities:feed", args=[feed.token])) if feed else ""
    context = {
        "invitations": invitations,
        "feed_url": feed_url,
        "appointments": appointments_visible_to(request.user).filter(status="scheduled"),
    }
    return render(request, "activities/my_activities.html", context)


@role_required(is_deputy)
def invitation_reply_view(request, pk):
    invitation = get_object_or_404(
        Invitation.objects.filter(deputy=_own_deputy(request.user)).select_related("activity"), pk=pk
    )
    form = ReplyForm(request.POST or None, initial={"reply": invitation.reply, "reason": invitation.reason})
    if form.is_valid():
        with refused_to_message(request, invitation.activity) as refusal:
            invitation_reply(invitation=invitation, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you: your reply has been sent to the officer."))
        return refusal.response or redirect(invitation.activity)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": invitation.activity.title, "back": invitation.activity},
    )


@require_POST
@role_required(is_deputy)
def feed_reset(request):
    calendar_feed_reset(deputy=_own_deputy(request.user))
    messages.success(request, _("Your calendar has a new private address; the old one no longer works."))
    return redirect("activities:mine")


def calendar_feed(request, token):
    """The deputy's activities as iCalendar, for their phone's calendar. The token is the only key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("deputy"), token=token)
    since = timezone.now() - timedelta(days=90)
    activities = (
        Activity.objects.filter(invitations__deputy=feed.deputy, ends_at__gte=since)
        .exclude(status=Activity.Status.PLANNED)
        .select_related("station", "organiser")
        .order_by("starts_at")
    )
    response = HttpResponse(
        ical.calendar(activities, name=feed.deputy.name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="activities.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
