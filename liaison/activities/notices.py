"""Notices to many deputies at once (通知群发), one function per step: writing one, sending it (now or at its
time), cancelling it before it goes, a deputy reading it, and reminding those who have not read it
(liaison/notifications/REMINDERS.md, "Notices").

Each deputy of the audience gets a copy (NoticeCopy) and, through the outbox, a message on their channels
carrying their personal read link; the SMS carries the text only when it fits in its template's parameter
(Notice.body_fits_sms), else the title and the link, which shows the whole notice."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.activities.models import Notice, NoticeCopy
from liaison.activities.recipients import deputy_recipients, station_group_recipients
from liaison.activities.selectors import notice_audience
from liaison.core.errors import ActionRefused
from liaison.core.queue import enqueue_after_commit
from liaison.notifications.kinds import Kind, render, rule_for
from liaison.notifications.selectors import notifications_about
from liaison.notifications.services import (
    notification_schedule,
    notifications_read_elsewhere,
)
from liaison.selectors import stations_managed_by

FULL_TEXT_AT_THE_LINK = gettext_lazy("The full text is at the link.")

KINDS = {
    "notice": Kind(gettext_lazy("Notice to deputies"), "{{ notice.title }}", "{{ text }}"),
    "notice_unread": Kind(
        gettext_lazy("Reminder of a notice not yet read"),
        "{{ notice.title }}",
        gettext_lazy("You have not read this notice yet: the full text is at the link."),
    ),
}

NOTICE_NEXT = {
    Notice.Status.SCHEDULED: {Notice.Status.SENT, Notice.Status.CANCELLED},
    Notice.Status.SENT: set(),
    Notice.Status.CANCELLED: set(),
}


def notice_can_move(notice, status):
    return status in NOTICE_NEXT[notice.status]


def _check_move(notice, status):
    if not notice_can_move(notice, status):
        raise ActionRefused(
            _("This notice is %(status)s: it cannot be changed that way.")
            % {"status": notice.get_status_display()}
        )


def _locked(notice):
    return Notice.objects.select_for_update().get(pk=notice.pk)


@transaction.atomic
def notice_create(*, actor, send_at=None, **fields):
    """Write a notice, to go at `send_at` (now when it is None). An officer, or staff of a jurisdiction,
    writes to the deputies of one of their stations; every deputy at once is for staff of the whole
    deployment. A notice due now is sent by a task queued after the commit (a city's every deputy is too
    many for one request); the beat job sends the later ones."""
    now = timezone.now()
    notice = Notice(author=actor, send_at=send_at or now, **fields)
    if not actor.sees_everything and (
        notice.station_id is None or not stations_managed_by(actor).filter(pk=notice.station_id).exists()
    ):
        if actor.is_committee_staff:
            raise ActionRefused(_("You write to the deputies of the stations under your jurisdiction."))
        raise ActionRefused(_("An officer writes to the deputies of their own stations."))
    if not rule_for("notice").enabled:
        raise ActionRefused(_("Notices are switched off in the reminder settings."))
    notice.full_clean()
    if not notice_audience(notice).exists():
        raise ValidationError(_("No serving deputy is in this audience."))
    notice.save()
    if notice.send_at <= now:
        enqueue_after_commit("activities.send_notice", notice.pk)
    return notice


def _message(notice):
    text = notice.body.strip() if notice.body_fits_sms else FULL_TEXT_AT_THE_LINK
    return render("notice", {"notice": notice, "text": text})


@transaction.atomic
def notice_send(*, notice):
    """Give every deputy of the audience their copy and plan its message in the outbox. Each deputy's
    message has a key, so a second run (a retried task) duplicates nothing."""
    notice = _locked(notice)
    _check_move(notice, Notice.Status.SENT)
    now = timezone.now()
    deputies = list(notice_audience(notice).select_related("user"))
    recipients = deputy_recipients(deputies)
    copies = NoticeCopy.objects.bulk_create(NoticeCopy(notice=notice, deputy=deputy) for deputy in deputies)
    subject, body = _message(notice)
    for copy in copies:
        recipient = recipients[copy.deputy_id]
        copy.notification = notification_schedule(
            recipient=recipient,
            kind="notice",
            subject=subject,
            body=body,
            due_at=now,
            url=copy.get_absolute_url(),
            dedupe_key=f"notice:{notice.pk}:r{recipient.pk}",
            about=notice,
        )
    NoticeCopy.objects.bulk_update(copies, ["notification"], batch_size=500)
    # The station's deputies' WeChat Work group gets the whole notice: a group post has no length limit
    # and no personal read link.
    for group in station_group_recipients([notice.station] if notice.station else []).values():
        notification_schedule(
            recipient=group,
            kind="notice",
            subject=notice.title,
            body=notice.body,
            due_at=now,
            dedupe_key=f"notice:{notice.pk}:r{group.pk}",
            about=notice,
        )
    notice.status = Notice.Status.SENT
    notice.sent_at = now
    notice.save(update_fields=["status", "sent_at", "updated_at"])
    return notice


def notices_send_due():
    """Send the notices whose time has come (the beat job, every minute). Returns how many were sent."""
    sent = 0
    due = Notice.objects.filter(status=Notice.Status.SCHEDULED, send_at__lte=timezone.now())
    for notice in due.order_by("send_at", "pk"):
        try:
            notice_send(notice=notice)
        except ActionRefused:  # sent or cancelled meanwhile, by the task of "send now" or by a person
            continue
        sent += 1
    return sent


@transaction.atomic
def notice_cancel(*, notice):
    """Withdraw a notice before it is sent: nothing has been planned for it yet."""
    notice = _locked(notice)
    _check_move(notice, Notice.Status.CANCELLED)
    notice.status = Notice.Status.CANCELLED
    notice.cancelled_at = timezone.now()
    notice.save(update_fields=["status", "cancelled_at", "updated_at"])
    return notice


def notice_next_reminder(notice):
    """From when those who have not read a sent notice may be reminded: one interval after its last
    message (the notice itself, or the last reminder). None for a notice not sent."""
    if notice.status != Notice.Status.SENT:
        return None
    last = notice.reminded_at or notice.sent_at
    return last + timedelta(hours=settings.NOTICE_REMIND_INTERVAL_HOURS)


@transaction.atomic
def notice_remind(*, notice):
    """Remind the deputies who have not read a sent notice, at most once per NOTICE_REMIND_INTERVAL_HOURS.
    The reminders of one interval share their keys, so a repeated request plans nothing twice. Returns how
    many were reminded."""
    notice = _locked(notice)
    now = timezone.now()
    allowed_from = notice_next_reminder(notice)
    if allowed_from is None:
        raise ActionRefused(_("Only a sent notice has readers to remind."))
    if now < allowed_from:
        when = {
            "time": f"{timezone.localtime(notice.reminded_at or notice.sent_at):%Y-%m-%d %H:%M}",
            "next": f"{timezone.localtime(allowed_from):%Y-%m-%d %H:%M}",
        }
        if notice.reminded_at:
            raise ActionRefused(
                _("Those who have not read it were reminded at %(time)s; remind them again from %(next)s.")
                % when
            )
        raise ActionRefused(
            _("It was sent at %(time)s; remind those who have not read it from %(next)s.") % when
        )
    interval = (now - notice.sent_at) // timedelta(hours=settings.NOTICE_REMIND_INTERVAL_HOURS)
    unread = list(notice.copies.filter(read_at__isnull=True).select_related("deputy__user"))
    recipients = deputy_recipients(copy.deputy for copy in unread)
    subject, body = render("notice_unread", {"notice": notice})
    reminded = 0
    for copy in unread:
        recipient = recipients[copy.deputy_id]
        reminded += bool(
            notification_schedule(
                recipient=recipient,
                kind="notice_unread",
                subject=subject,
                body=body,
                due_at=now,
                url=copy.get_absolute_url(),
                dedupe_key=f"notice:{notice.pk}:unread:{interval}:r{recipient.pk}",
                about=notice,
            )
        )
    if reminded:
        notice.reminded_at = now
        notice.save(update_fields=["reminded_at", "updated_at"])
    return reminded


@transaction.atomic
def notice_copy_read(*, copy):
    """A deputy opened their copy (by the read link, which the inbox leads to as well): it counts as read
    once, and its messages as read in their inbox. Returns whether this was the first reading."""
    first = NoticeCopy.objects.filter(pk=copy.pk, read_at__isnull=True).update(read_at=timezone.now())
    if first and copy.notification_id:
        notifications_read_elsewhere(
            notifications_about(copy.notice).filter(recipient=copy.notification.recipient_id)
        )
    return bool(first)
