"""Pages about reaching deputies (REMINDERS.md): those no channel reached, for the officer to phone; how one
deputy is reminded, set by an officer for them; the check before a reminder that may have been sent goes
again."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.selectors import deputies_visible_to
from liaison.activities.forms import ResendForm
from liaison.activities.recipients import deputy_recipients
from liaison.activities.selectors import deliveries_visible_to
from liaison.core.access import manages_network, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.phones import mask_phone, national_phone
from liaison.notifications.forms import PreferenceForm
from liaison.notifications.models import Delivery
from liaison.notifications.selectors import (
    reach_problem,
    recipient_of_person,
    recipients_of,
    recipients_unreachable,
)
from liaison.notifications.services import delivery_retry, recipient_reached, recipient_set_preferences


@role_required(manages_network)
def unreachable_list(request):
    """The deputies of the user's stations whom no channel reached, with the reason, newest first."""
    deputies = deputies_visible_to(request.user)
    recipients = recipients_unreachable().filter(pk__in=recipients_of(deputies).values("pk"))
    page = paginate(request, recipients.order_by("-unreachable_since", "pk"))
    people = deputies.in_bulk([recipient.person_id for recipient in page])
    show_phone = national_phone if request.user.is_committee_staff else mask_phone
    rows = [
        {
            "deputy": people[recipient.person_id],
            "phone": show_phone(people[recipient.person_id].phone),
            "since": recipient.unreachable_since,
            "problem": reach_problem(recipient),
        }
        for recipient in page
        if recipient.person_id in people
    ]
    return render(request, "activities/unreachable_list.html", {"page": page, "rows": rows})


@require_POST
@role_required(manages_network)
def deputy_reached(request, pk):
    deputy = get_object_or_404(deputies_visible_to(request.user), pk=pk)
    recipient_reached(recipient=recipient_of_person(deputy))
    messages.success(request, _("%(name)s is off the list of deputies to phone.") % {"name": deputy.name})
    return redirect("activities:unreachable")


@role_required(manages_network)
def deputy_reminders(request, pk):
    """An officer sets how a deputy of their stations is reminded (for one who has no account, or asks)."""
    deputy = get_object_or_404(deputies_visible_to(request.user).select_related("user"), pk=pk)
    form = PreferenceForm(request.POST or None, instance=recipient_of_person(deputy))
    if form.is_valid():
        recipient = deputy_recipients([deputy])[deputy.pk]
        recipient_set_preferences(recipient=recipient, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("activities:deputy_reminders", pk=deputy.pk)
    title = _("How %(name)s is reminded") % {"name": deputy.name}
    return render(
        request, "form_page.html", {"form": form, "title": title, "back": deputy, "preferences": True}
    )


@role_required(manages_network)
def reminder_resend(request, pk):
    """A reminder that may have been sent goes again only after the warning is seen and the box ticked."""
    delivery = get_object_or_404(
        deliveries_visible_to(request.user).filter(status=Delivery.Status.UNCERTAIN), pk=pk
    )
    form = ResendForm(request.POST or None)
    if form.is_valid():
        with refused_to_message(request, reverse("activities:reminders")) as refusal:
            delivery_retry(delivery=delivery, uncertain_confirmed=True)
            messages.success(request, _("It will be sent again within a minute."))
        return refusal.response or redirect(f"{reverse('activities:reminders')}?status=uncertain")
    return render(request, "activities/reminder_resend.html", {"form": form, "delivery": delivery})
