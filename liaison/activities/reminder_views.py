"""The reminders the app sends (their deliveries, retried by hand), their rules and the congress sessions
that trigger the call for suggestions."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.activities.forms import RuleForm, SessionForm
from liaison.activities.models import CongressSession
from liaison.activities.selectors import deliveries_visible_to
from liaison.activities.services import congress_session_save
from liaison.core.access import is_committee_staff, is_deployment_staff, manages_network, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.notifications.kinds import KINDS
from liaison.notifications.models import Delivery, ReminderRule
from liaison.notifications.services import delivery_retry


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


@role_required(is_deployment_staff)
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


@role_required(is_deployment_staff)
def session_edit(request, pk=None):
    session = get_object_or_404(CongressSession, pk=pk) if pk else CongressSession()
    form = SessionForm(request.POST or None, instance=session)
    if form.is_valid():
        congress_session_save(session=form.instance)
        messages.success(request, _("Saved: every deputy will be reminded to prepare suggestions."))
        return redirect("activities:rules")
    return render(request, "form_page.html", {"form": form, "title": _("Congress session")})
