"""Reports to voters and voters' ratings of them (述职 and 评议, seed 004: 「把好评议关」).

An activity of kind REPORT carries each reporting deputy's report; the text reaches the station's public
board once the activity is published. From the meeting's start, for REPORT_RATING_DAYS, voters rate each
deputy who reported 满意 / 基本满意 / 不满意: on paper at the meeting (the officer enters the tallies) or
on their phone, from the QR code of the printed notice, once per phone and meeting, confirmed by an SMS code
(liaison/accounts/sms_codes.py, the login code's mechanics). 满意率 is VoterReport.satisfaction_rate."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from liaison.accounts.sms import AccountSms, account_sms_send
from liaison.accounts.sms_codes import code_issue, code_use, codes_purge, phone_digest
from liaison.activities.models import (
    Activity,
    ActivityEvent,
    Rating,
    RatingBallot,
    RatingCode,
    RatingMark,
    VoterReport,
)
from liaison.core.errors import ActionRefused

PURPOSE = "rating_code"
CODE_TEXT = gettext_lazy(
    "Your code to rate the deputies' report to voters is %(code)s, valid for %(minutes)d minutes. "
    "Do not give it to anyone."
)
COMMENTS_SHOWN = 50
ALREADY_RATED = gettext_lazy("This phone number has already rated this report: each number rates it once.")


# --- Reads ----------------------------------------------------------------------------------------------


def with_results(reports):
    """The reports with their counts, paper tallies and phones together (`satisfied`, `basically`,
    `unsatisfied`; VoterReport.rated and .satisfaction_rate read them), in one query."""
    marks = {value: Count("marks", filter=Q(marks__rating=value)) for value in Rating.values}
    return reports.annotate(
        satisfied=F("paper_satisfied") + marks[Rating.SATISFIED],
        basically=F("paper_basically") + marks[Rating.BASICALLY],
        unsatisfied=F("paper_unsatisfied") + marks[Rating.UNSATISFIED],
    )


def reports_of(activity):
    return with_results(activity.voter_reports.select_related("deputy").order_by("deputy__name_pinyin", "pk"))


def published_reports(*, limit, places=None, deputy_ids=None):
    """The reports of the published report meetings at `places` (or by `deputy_ids`), newest first, each
    with `rating_open`: what the public pages show (names, texts and results; nothing about voters)."""
    reports = VoterReport.objects.filter(
        activity__kind=Activity.Kind.REPORT, activity__published_at__isnull=False
    ).exclude(activity__status=Activity.Status.CANCELLED)
    if places is not None:
        reports = reports.filter(activity__station__in=places)
    if deputy_ids is not None:
        reports = reports.filter(deputy_id__in=deputy_ids)
    rows = list(
        with_results(reports)
        .select_related("activity", "deputy")
        .order_by("-activity__starts_at", "activity_id", "deputy__name_pinyin", "pk")[:limit]
    )
    now = timezone.now()
    for report in rows:
        report.rating_open = rating_is_open(report.activity, now)
    return rows


def rating_comments(activity, *, limit=COMMENTS_SHOWN):
    """The voters' comments, newest first (no number: a ballot keeps none in clear)."""
    ballots = activity.rating_ballots.exclude(comment="").order_by("-created_at", "-pk")
    return list(ballots.values_list("created_at", "comment")[:limit])


def rating_closes_at(activity):
    return activity.starts_at + timedelta(days=settings.REPORT_RATING_DAYS)


def rating_is_open(activity, now=None):
    """Voters rate a published, not cancelled report meeting with reports, from its start for
    REPORT_RATING_DAYS."""
    now = now or timezone.now()
    return (
        activity.kind == Activity.Kind.REPORT
        and activity.published_at is not None
        and activity.status != Activity.Status.CANCELLED
        and activity.starts_at <= now < rating_closes_at(activity)
    )


def has_rated(activity, phone):
    return RatingBallot.objects.filter(activity=activity, phone_digest=phone_digest(phone)).exists()


# --- The officer's steps --------------------------------------------------------------------------------


def _check_report_meeting(activity):
    if activity.kind != Activity.Kind.REPORT:
        raise ActionRefused(_("Reports are recorded for a report-to-voters meeting."))
    if activity.status == Activity.Status.CANCELLED:
        raise ActionRefused(_("This activity was cancelled."))


@transaction.atomic
def voter_report_save(*, activity, deputy, text, actor):
    """Record (or correct) what `deputy`, one of the invited, reports at the meeting."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _check_report_meeting(activity)
    if not activity.invitations.filter(deputy=deputy).exists():
        raise ActionRefused(_("Only a deputy invited to the meeting reports at it."))
    report, _created = VoterReport.objects.update_or_create(
        activity=activity, deputy=deputy, defaults={"text": text}
    )
    activity.events.create(kind=ActivityEvent.Kind.REPORT_RECORDED, actor=actor, note=deputy.name)
    return report


@transaction.atomic
def paper_tally_record(*, report, satisfied, basically, unsatisfied, actor):
    """The paper ratings counted at the meeting for one deputy's report (they replace the last tally)."""
    activity = Activity.objects.select_for_update().get(pk=report.activity_id)
    _check_report_meeting(activity)
    if activity.starts_at > timezone.now():
        raise ActionRefused(_("The activity has not begun yet."))
    report.paper_satisfied, report.paper_basically, report.paper_unsatisfied = (
        satisfied,
        basically,
        unsatisfied,
    )
    report.save(update_fields=["paper_satisfied", "paper_basically", "paper_unsatisfied", "updated_at"])
    note = f"{report.deputy.name} {satisfied}/{basically}/{unsatisfied}"
    activity.events.create(kind=ActivityEvent.Kind.TALLY_RECORDED, actor=actor, note=note)
    return report


# --- The voter's steps ----------------------------------------------------------------------------------


def _check_open(activity, phone):
    if not rating_is_open(activity):
        raise ActionRefused(_("Rating of this report is closed."))
    if has_rated(activity, phone):
        raise ActionRefused(ALREADY_RATED)


def rating_code_send(*, activity, phone, address):
    """Send `phone` (E.164) a code confirming its rating of `activity`; whether the SMS went. Refused when
    rating is closed, the number rated already, or a limit of codes is reached."""
    _check_open(activity, phone)
    row, code = code_issue(RatingCode, purpose=PURPOSE, phone=phone, address=address, activity=activity)
    minutes = settings.LOGIN_CODE_VALID_SECONDS // 60
    with override(settings.LANGUAGE_CODE):
        text = str(CODE_TEXT) % {"code": code, "minutes": minutes}
    return account_sms_send(
        AccountSms(
            reference=f"rating-code-{row.pk}",
            phone=phone,
            kind=PURPOSE,
            params={"code": code, "minutes": str(minutes)},
            text=text,
        )
    )


def rating_submit(*, activity, phone, code, marks, comment=""):
    """A voter's rating: `marks` maps each report of the meeting to a Rating. The code must be the latest
    sent to `phone` for this meeting, still valid; it is used up. One rating per phone and meeting. Not one
    transaction: a wrong code's try is counted (committed) though the rating is refused."""
    _check_open(activity, phone)
    reports = list(activity.voter_reports.all())
    if not reports or {report.pk for report in reports} != {report.pk for report in marks}:
        raise ActionRefused(_("Rate every deputy who reported."))
    if (
        code_use(RatingCode.objects.filter(activity=activity), purpose=PURPOSE, phone=phone, code=code)
        is None
    ):
        raise ActionRefused(_("The code is wrong or no longer valid: ask for a new one."))
    try:
        with transaction.atomic():
            ballot = RatingBallot.objects.create(
                activity=activity, phone_digest=phone_digest(phone), comment=comment
            )
            RatingMark.objects.bulk_create(
                RatingMark(ballot=ballot, report=report, rating=rating) for report, rating in marks.items()
            )
    except IntegrityError:  # the same number, in another request at the same moment
        raise ActionRefused(ALREADY_RATED) from None
    return ballot


def rating_codes_purge():
    return codes_purge(RatingCode)
