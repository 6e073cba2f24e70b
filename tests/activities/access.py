"""Every page of liaison/activities/ as every role (tests/test_url_access.py walks them)."""

from datetime import date, time, timedelta

from django.utils import timezone

from liaison.activities.models import Activity, CalendarFeed, CongressSession, Invitation, ReceptionPlan
from liaison.activities.recipients import deputy_recipients
from liaison.notifications.models import Delivery, ReminderRule
from liaison.notifications.services import notification_schedule
from tests.access import DEPLOYMENT_STAFF_ONLY, LOGIN, NETWORK_PAGE, POST_ONLY, PUBLIC, STAFF_ONLY, expect
from tests.activities.factories import (
    ActivityFactory,
    AppointmentFactory,
    VisitFactory,
    report_meeting,
    sent_notice,
)

MANAGE_OWN_STATION = expect(
    officer=200,
    other_officer=404,
    deputy=403,
    other_deputy=403,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)
SEEN_BY_INVITED = expect(
    officer=200,
    other_officer=404,
    deputy=200,
    other_deputy=404,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)
DEPUTY_ONLY = expect(403, deputy=200, other_deputy=200, anonymous=LOGIN)
# A reveal (voters.reveal_voter_phone) is a POST: 405 to a GET from those holding it, before any lookup.
REVEAL = expect(405, deputy=403, other_deputy=403, unit_user=403, anonymous=LOGIN)


def _make_activity(f):
    activity = ActivityFactory(station=f("point"), organiser=f("officer_user"))
    return Invitation.objects.create(activity=activity, deputy=f("deputy_record"))


def _activity(f):
    return {"pk": _make_activity(f).activity_id}


def _invitation(f):
    return {"pk": _make_activity(f).pk}


def _published_day(f):
    start = timezone.now() + timedelta(days=9)
    day = ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        title="接待选民日",
        station=f("point"),
        organiser=f("officer_user"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        status=Activity.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    Invitation.objects.create(activity=day, deputy=f("deputy_record"))
    return {"pk": day.pk}


def _guest(f):
    day = Activity.objects.get(**_published_day(f))
    guest = day.guests.create(name="周法官", office="区人民法院滨江法庭", role="judge")
    return {"pk": guest.pk}


def _plan(f):
    plan = ReceptionPlan.objects.create(
        station=f("point"), year=2027, month_day=15, start_time=time(9), end_time=time(11), place="接待室"
    )
    return {"pk": plan.pk}


def _visit(f):
    return {"pk": VisitFactory(station=f("point"), officer=f("officer_user")).pk}


def _appointment(f):
    return {"pk": AppointmentFactory(station=f("point"), deputy=f("deputy_record")).pk}


def _uncertain_delivery(f):
    activity = _make_activity(f).activity
    deputy = f("deputy_record")
    message = notification_schedule(
        recipient=deputy_recipients([deputy])[deputy.pk],
        kind="activity_invitation",
        subject="邀请",
        body="",
        due_at=timezone.now(),
        about=activity,
    )
    sms = message.deliveries.get(channel=Delivery.Channel.SMS)
    Delivery.objects.filter(pk=sms.pk).update(status=Delivery.Status.UNCERTAIN)
    return {"pk": sms.pk}


def _rule(f):
    f("db")
    return {"pk": ReminderRule.objects.get_or_create(kind="activity_upcoming")[0].pk}


def _session(f):
    f("db")
    return {"pk": CongressSession.objects.create(name="第六次会议", starts_on=date(2027, 1, 10)).pk}


def _feed(f):
    return {"token": CalendarFeed.objects.create(deputy=f("deputy_record")).token}


def _notice(f):
    f("deputy_record")
    return {"pk": sent_notice(author=f("officer_user"), station=f("station")).pk}


def _notice_copy(f):
    f("deputy_record")
    notice = sent_notice(author=f("officer_user"), station=f("station"))
    return {"token": notice.copies.get().token}


def _report_meeting(f):
    return report_meeting(station=f("point"), organiser=f("officer_user"), deputies=[f("deputy_record")])


def _meeting(f):
    return {"pk": _report_meeting(f).pk}


def _voter_report(f):
    return {"pk": _report_meeting(f).voter_reports.get().pk}


# url name: (kwargs from fixtures, expected status per role)
ACCESS = {
    "activities:list": (None, NETWORK_PAGE),
    # The books are read through the officer's scope: another station's officer gets their own, not 404.
    "activities:activity_book_export": (None, NETWORK_PAGE),
    "activities:activity_book_print": (None, NETWORK_PAGE),
    "activities:activity_book_pdf": (None, NETWORK_PAGE),
    "activities:calendar": (None, NETWORK_PAGE),
    "activities:create": (None, NETWORK_PAGE),
    "activities:import": (None, STAFF_ONLY),
    "activities:import_template": (None, STAFF_ONLY),
    "activities:detail": (_activity, SEEN_BY_INVITED),
    "activities:edit": (_activity, MANAGE_OWN_STATION),
    "activities:publish": (_activity, POST_ONLY),
    "activities:move_to_working_day": (_activity, POST_ONLY),
    "activities:cancel": (_activity, MANAGE_OWN_STATION),
    "activities:attendance": (_activity, MANAGE_OWN_STATION),
    "activities:summary": (_activity, MANAGE_OWN_STATION),
    "activities:reception_voters": (_published_day, MANAGE_OWN_STATION),
    "activities:report_edit": (_meeting, MANAGE_OWN_STATION),
    "activities:report_notice": (_meeting, MANAGE_OWN_STATION),
    "activities:report_tally": (_voter_report, MANAGE_OWN_STATION),
    "activities:rate": (_meeting, PUBLIC),
    "activities:guests": (_published_day, MANAGE_OWN_STATION),
    "activities:guest_remove": (_guest, POST_ONLY),
    "activities:mine": (None, DEPUTY_ONLY),
    "activities:feed_reset": (None, POST_ONLY),
    "activities:reply": (
        _invitation,
        expect(403, deputy=200, other_deputy=404, anonymous=LOGIN),
    ),
    "activities:plans": (None, NETWORK_PAGE),
    "activities:plan_create": (None, NETWORK_PAGE),
    "activities:plan_detail": (_plan, MANAGE_OWN_STATION),
    "activities:plan_generate": (_plan, POST_ONLY),
    "activities:visits": (None, NETWORK_PAGE),
    "activities:reception_book_export": (None, NETWORK_PAGE),
    "activities:reception_book_print": (None, NETWORK_PAGE),
    "activities:reception_book_pdf": (None, NETWORK_PAGE),
    "activities:visit_detail": (_visit, MANAGE_OWN_STATION),
    "activities:appointments": (None, NETWORK_PAGE),
    "activities:appointment_create": (None, NETWORK_PAGE),
    "activities:appointment_detail": (_appointment, SEEN_BY_INVITED),
    "activities:appointment_reveal": (_appointment, REVEAL),
    "activities:appointment_propose": (_appointment, POST_ONLY),
    "activities:appointment_close": (_appointment, POST_ONLY),
    "activities:reminders": (None, NETWORK_PAGE),
    "activities:reminder_retry": (lambda f: {"pk": 1}, POST_ONLY),
    "activities:reminder_resend": (_uncertain_delivery, MANAGE_OWN_STATION),
    "activities:unreachable": (None, NETWORK_PAGE),
    "activities:deputy_reminders": (lambda f: {"pk": f("deputy_record").pk}, MANAGE_OWN_STATION),
    "activities:deputy_reached": (lambda f: {"pk": f("deputy_record").pk}, POST_ONLY),
    "activities:rules": (None, STAFF_ONLY),
    "activities:rule_edit": (_rule, DEPLOYMENT_STAFF_ONLY),
    "activities:session_create": (None, DEPLOYMENT_STAFF_ONLY),
    "activities:session_edit": (_session, DEPLOYMENT_STAFF_ONLY),
    "activities:notices": (None, NETWORK_PAGE),
    "activities:notice_create": (None, NETWORK_PAGE),
    "activities:notice_detail": (_notice, MANAGE_OWN_STATION),
    "activities:notice_cancel": (_notice, POST_ONLY),
    "activities:notice_remind": (_notice, POST_ONLY),
    "activities:notice_read": (_notice_copy, PUBLIC),
    "activities:notice": (_published_day, PUBLIC),
    "activities:notice_print": (_published_day, PUBLIC),
    "activities:board": (lambda f: {"pk": f("station").pk}, PUBLIC),
    "activities:feed": (_feed, PUBLIC),
}
