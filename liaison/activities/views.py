"""Pages of the officer's daily work (reception days, activities, visits, appointments) and of reminders."""

import calendar
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.selectors import deputies_visible_to
from liaison.activities import ical
from liaison.activities.forms import (
    ActivityForm,
    AppointmentForm,
    AttendanceForm,
    CancelForm,
    CloseForm,
    PlanForm,
    ProposeForm,
    ReplyForm,
    RuleForm,
    SessionForm,
    SummaryForm,
    VisitEntryFormSet,
    VisitForm,
)
from liaison.activities.models import Activity, CalendarFeed, CongressSession, Invitation, Visit
from liaison.activities.selectors import (
    activities_filtered,
    activities_managed_by,
    activities_visible_to,
    activity_detail_get,
    activity_rows,
    appointments_filtered,
    appointments_visible_to,
    deliveries_visible_to,
    plans_visible_to,
    published_days,
    visits_visible_to,
)
from liaison.activities.services import (
    activity_cancel,
    activity_create,
    activity_publish,
    activity_update,
    appointment_close,
    appointment_propose,
    appointment_request,
    attendance_record,
    calendar_feed_reset,
    congress_session_save,
    invitation_reply,
    plan_generate,
    stationed_deputies,
    summary_record,
    visit_log,
)
from liaison.core.access import (
    is_committee_staff,
    is_deputy,
    manages_network,
    manages_network_or_deputy,
    role_required,
)
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.permissions import can_reveal
from liaison.models import Station
from liaison.notifications.kinds import KINDS
from liaison.notifications.models import Delivery, ReminderRule
from liaison.notifications.selectors import notifications_about
from liaison.notifications.services import delivery_retry
from liaison.security import SecurityEvent, security_record
from liaison.selectors import stations_managed_by

# --- Activities: list, calendar, detail ------------------------------------------------------------------


@role_required(manages_network)
def activity_list(request):
    activities = activities_filtered(activities_visible_to(request.user), request.GET)
    page = paginate(request, activity_rows(activities).order_by("starts_at", "pk"))
    context = {"page": page, "kinds": Activity.Kind.choices, "statuses": Activity.Status.choices}
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
    }
    return render(request, "activities/activity_detail.html", context)


def _activity_form(request, instance=None):
    return ActivityForm(
        request.POST or None,
        instance=instance,
        stations=stations_managed_by(request.user),
        deputies=deputies_visible_to(request.user).filter(is_active=True),
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


# --- Public notices --------------------------------------------------------------------------------------


def _public_day(pk):
    activity = get_object_or_404(
        Activity.objects.filter(kind=Activity.Kind.RECEPTION, status=Activity.Status.PUBLISHED)
        .select_related("station", "organiser")
        .prefetch_related("invitations__deputy"),
        pk=pk,
    )
    activity.present = [i.deputy for i in activity.invitations.all() if i.reply != Invitation.Reply.LEAVE]
    return activity


def activity_notice(request, pk):
    """The public notice of one reception day (seed 004): time, place, deputies, officer and phone."""
    return render(request, "activities/notice.html", {"activity": _public_day(pk)})


def activity_notice_print(request, pk):
    return render(request, "activities/notice_print.html", {"activity": _public_day(pk)})


def station_board(request, pk):
    """A station's notice board (四公开): its coming reception days and those of its points."""
    station = get_object_or_404(Station.objects.filter(is_active=True), pk=pk)
    return render(request, "activities/board.html", {"station": station, "days": published_days(station)})


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


# --- Reception plans -------------------------------------------------------------------------------------


@role_required(manages_network)
def plan_list(request):
    plans = (
        plans_visible_to(request.user)
        .select_related("station")
        .annotate(day_count=Count("activities"))
        .order_by("-year", "station__name")
    )
    return render(request, "activities/plan_list.html", {"plans": plans})


@role_required(manages_network)
def plan_create(request):
    form = PlanForm(
        request.POST or None,
        stations=stations_managed_by(request.user),
        initial={"year": timezone.localdate().year + 1, "start_time": "09:00", "end_time": "11:30"},
    )
    if form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        messages.success(request, _("Plan saved: check it, then generate the year's days."))
        return redirect(plan)
    return render(request, "form_page.html", {"form": form, "title": _("New reception plan")})


@role_required(manages_network)
def plan_detail(request, pk):
    plan = get_object_or_404(plans_visible_to(request.user).select_related("station"), pk=pk)
    days = activity_rows(plan.activities.all()).prefetch_related("invitations__deputy").order_by("starts_at")
    context = {"plan": plan, "days": days, "deputy_count": stationed_deputies(plan.station).count()}
    return render(request, "activities/plan_detail.html", context)


@require_POST
@role_required(manages_network)
def plan_generate_view(request, pk):
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    with refused_to_message(request, plan) as refusal:
        days = plan_generate(plan=plan, actor=request.user)
        messages.success(request, _("%(count)s reception days created.") % {"count": len(days)})
    return refusal.response or redirect(plan)


# --- The visits log --------------------------------------------------------------------------------------


@role_required(manages_network)
def visit_list(request):
    visits = visits_visible_to(request.user)
    if request.GET.get("kind") in Visit.Kind.values:
        visits = visits.filter(kind=request.GET["kind"])
    visits = (
        visits.order_by("-date", "-pk")
        .select_related("station", "officer")
        .annotate(entry_count=Count("entries"))
        .prefetch_related("deputies")
    )
    return render(
        request,
        "activities/visit_list.html",
        {"page": paginate(request, visits), "kinds": Visit.Kind.choices},
    )


@role_required(manages_network)
def visit_create(request):
    user = request.user
    initial = {"date": timezone.localdate(), "officer": user.pk if user.is_officer else None, "voters_met": 0}
    activity_id = request.GET.get("activity")
    if activity_id and activity_id.isdigit():
        day = activities_managed_by(user).filter(pk=activity_id).first()
        if day:
            initial.update(
                activity=day.pk,
                station=day.station_id,
                place=day.place,
                date=timezone.localdate(day.starts_at),
                deputies=[i.deputy_id for i in day.invitations.exclude(reply=Invitation.Reply.LEAVE)],
            )
    form = VisitForm(
        request.POST or None,
        initial=initial,
        stations=stations_managed_by(user),
        deputies=deputies_visible_to(user).filter(is_active=True),
        activities=activities_managed_by(user).filter(kind=Activity.Kind.RECEPTION).order_by("-starts_at"),
    )
    entries = VisitEntryFormSet(request.POST or None, prefix="entries")
    if request.method == "POST" and form.is_valid() and entries.is_valid():
        rows = [row for row in entries.cleaned_data if row and row.get("raised", "").strip()]
        fields = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name not in {"station", "deputies"}
        }
        visit = visit_log(
            actor=user,
            station=form.cleaned_data["station"],
            deputies=form.cleaned_data["deputies"],
            entries=rows,
            **fields,
        )
        messages.success(request, _("Visit logged with %(count)s voters.") % {"count": visit.voters_met})
        if request.POST.get("another"):
            return redirect(f"{reverse('activities:visit_create')}?activity={visit.activity_id or ''}")
        return redirect(visit)
    return render(request, "activities/visit_form.html", {"form": form, "entries": entries})


@role_required(manages_network)
def visit_detail(request, pk):
    visit = get_object_or_404(
        visits_visible_to(request.user)
        .select_related("station", "officer", "activity", "created_by")
        .prefetch_related("deputies", "entries"),
        pk=pk,
    )
    return render(request, "activities/visit_detail.html", {"visit": visit})


# --- Appointments (约访) ---------------------------------------------------------------------------------


@role_required(manages_network)
def appointment_list(request):
    appointments = appointments_filtered(appointments_visible_to(request.user), request.GET).select_related(
        "station", "deputy"
    )
    return render(request, "activities/appointment_list.html", {"page": paginate(request, appointments)})


@role_required(manages_network)
def appointment_create(request):
    form = AppointmentForm(
        request.POST or None,
        stations=stations_managed_by(request.user),
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    if form.is_valid():
        appointment = appointment_request(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Appointment request recorded: propose a time."))
        return redirect(appointment)
    return render(request, "form_page.html", {"form": form, "title": _("New appointment request")})


@role_required(manages_network_or_deputy)
def appointment_detail(request, pk):
    return _appointment_page(request, pk)


def _appointment_page(request, pk, revealed=False):
    appointment = get_object_or_404(
        appointments_visible_to(request.user).select_related("station", "deputy", "visit"), pk=pk
    )
    can_manage = manages_network(request.user)
    context = {
        "appointment": appointment,
        "revealed": revealed,
        "can_reveal": can_reveal(request.user),
        "can_manage": can_manage,
        "propose_form": ProposeForm(initial={"place": appointment.place or appointment.station.address})
        if can_manage
        else None,
        "close_form": CloseForm() if can_manage else None,
    }
    return render(request, "activities/appointment_detail.html", context)


@role_required(can_reveal)
@require_POST
def appointment_reveal(request, pk):
    """The voter's full name and phone, for this response only, written to the security log (PIPL): the
    officer calls them to arrange the meeting."""
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    security_record(SecurityEvent.Kind.PERSONAL_DATA_REVEALED, request=request, target=appointment)
    return _appointment_page(request, pk, revealed=True)


@require_POST
@role_required(manages_network)
def appointment_propose_view(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a time and a place."))
        return redirect(appointment)
    with refused_to_message(request, appointment) as refusal:
        appointment_propose(appointment=appointment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Time proposed; the deputy has been told."))
    return refusal.response or redirect(appointment)


@require_POST
@role_required(manages_network)
def appointment_close_view(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the outcome."))
        return redirect(appointment)
    with refused_to_message(request, appointment) as refusal:
        appointment_close(appointment=appointment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Outcome logged."))
    return refusal.response or redirect(appointment)


# --- Reminders and their settings -----------------------------------------------------------------


@role_required(manages_network)
def reminder_list(request):
    deliveries = deliveries_visible_to(request.user)
    status = request.GET.get("status")
    if status in Delivery.Status.values:
        deliveries = deliveries.filter(status=status)
    counts = dict(
        deliveries_visible_to(request.user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    page = paginate(request, deliveries.order_by("-due_at", "-pk"))
    statuses = [(value, label, counts.get(value, 0)) for value, label in Delivery.Status.choices]
    return render(request, "activities/reminder_list.html", {"page": page, "statuses": statuses})


@require_POST
@role_required(manages_network)
def reminder_retry(request, pk):
    delivery = get_object_or_404(deliveries_visible_to(request.user), pk=pk)
    back = f"{reverse('activities:reminders')}?status={delivery.status}"
    with refused_to_message(request, back) as refusal:
        if delivery_retry(delivery=delivery):
            messages.success(request, _("It will be sent again within a minute."))
    return refusal.response or redirect(f"{reverse('activities:reminders')}?status=failed")


@role_required(is_committee_staff)
def rule_list(request):
    rules = [(rule, KINDS.get(rule.kind)) for rule in ReminderRule.objects.all()]
    sessions = CongressSession.objects.all()
    return render(request, "notifications/rule_list.html", {"rules": rules, "sessions": sessions})


@role_required(is_committee_staff)
def rule_edit(request, pk):
    rule = get_object_or_404(ReminderRule, pk=pk)
    kind = KINDS.get(rule.kind)
    if kind and request.method == "GET":
        rule.subject_template = rule.subject_template or str(kind.subject)
        rule.body_template = rule.body_template or str(kind.body)
    form = RuleForm(request.POST or None, instance=rule)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("activities:rules")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": kind.label if kind else rule.kind, "rule_help": True},
    )


@role_required(is_committee_staff)
def session_edit(request, pk=None):
    session = get_object_or_404(CongressSession, pk=pk) if pk else CongressSession()
    form = SessionForm(request.POST or None, instance=session)
    if form.is_valid():
        congress_session_save(session=form.instance)
        messages.success(request, _("Saved: every deputy will be reminded to prepare suggestions."))
        return redirect("activities:rules")
    return render(request, "form_page.html", {"form": form, "title": _("Congress session")})
