"""What the voters app tells people: the voter texted the tracking code of their opinion, the station's
officers told of an opinion sent online and, daily, of the opinions past their answer date (through the
outbox, liaison.notifications.services.notification_schedule)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.models import User
from liaison.notifications.gateways import send_now
from liaison.notifications.gateways.base import Message, Outcome
from liaison.notifications.services import notification_schedule
from liaison.selectors import stations_visible_to
from voters.models import Opinion


def station_officers(station):
    """The officers who look after a station: its own and those of the liaison station above it."""
    places = [station.pk, *([station.parent_id] if station.parent_id else [])]
    return User.objects.filter(role=User.Role.OFFICER, is_active=True, stations__in=places).distinct()


def _notify(user, **message):
    return notification_schedule(user=user, due_at=timezone.now(), **message)


def opinion_send_tracking_code(*, opinion_id):
    """Send the voter the tracking code of their opinion by SMS (when they gave a mobile and consent).

    The send is claimed first by a conditional UPDATE, so a retried or redelivered task sends nothing twice;
    a send the gateway did not take gives the claim back and raises, for the task to retry. One that may
    have gone out (no answer came) keeps the claim: the voter is not texted twice."""
    opinion = Opinion.objects.select_related("voter").filter(pk=opinion_id).first()
    voter = opinion.voter if opinion else None
    if voter is None or not voter.consent or not voter.phone.startswith("+861"):
        return False
    claimed = Opinion.objects.filter(pk=opinion_id, tracking_code_sent_at__isnull=True).update(
        tracking_code_sent_at=timezone.now()
    )
    if not claimed:
        return False
    url = settings.REMINDER_SITE_URL + reverse("voters:track", args=[opinion.tracking_code])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "[Liaison station] Your opinion is received. Tracking code %(code)s; follow it at %(url)s"
        ) % {
            "code": opinion.tracking_code,
            "url": url,
        }
    message = Message(
        reference=f"opinion-{opinion.pk}",
        address=voter.phone,
        kind="opinion_tracking_code",
        params={"code": opinion.tracking_code, "link": url},
        text=text,
    )
    result = send_now("sms", message)
    if result.outcome == Outcome.SENT:
        return True
    if result.outcome != Outcome.UNCERTAIN:
        Opinion.objects.filter(pk=opinion_id).update(tracking_code_sent_at=None)
    raise ConnectionError(f"the tracking code of opinion {opinion.pk} was not sent: {result.error}")


def opinion_notify_online(*, opinion):
    """Tell the station's officers that a voter sent an opinion online (no personal data in the text:
    the message may go out by SMS or e-mail)."""
    with translation.override(settings.LANGUAGE_CODE):
        for officer in station_officers(opinion.station):
            _notify(
                officer,
                kind="opinion_received",
                subject=_("New opinion %(code)s from the online form") % {"code": opinion.tracking_code},
                body=_("A voter sent an opinion to %(station)s online; triage it and answer the voter.")
                % {"station": opinion.station.name},
                url=opinion.get_absolute_url(),
                dedupe_key=f"voters:received:{opinion.pk}:{officer.pk}",
            )


@transaction.atomic
def opinions_remind_overdue(*, today=None):
    """Daily: each officer hears how many opinions of their stations are past the date by which the voter
    should have been answered. Once a day per officer, so a second run the same day sends nothing new."""
    today = today or timezone.localdate()
    sent = []
    officers = User.objects.filter(role=User.Role.OFFICER, is_active=True, stations__isnull=False).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        for officer in officers:
            overdue = Opinion.objects.filter(
                station__in=stations_visible_to(officer),
                status__in=Opinion.OPEN_STATUSES,
                due_on__lt=today,
            )
            count = overdue.count()
            if not count:
                continue
            oldest = overdue.order_by("due_on").values_list("received_at", flat=True).first()
            message = _notify(
                officer,
                kind="opinion_overdue",
                subject=_("%(count)s opinions are past their answer date") % {"count": count},
                body=_("The oldest was received on %(date)s. Voters are waiting for an answer.")
                % {"date": timezone.localtime(oldest).date()},
                url=f"{reverse('voters:list')}?period=overdue",
                dedupe_key=f"voters:overdue:{officer.pk}:{today}",
            )
            if message is not None:
                sent.append(message)
    return sent
