"""The duty archive (履职档案) of one deputy for a year or a term, generated in one click (seed 003)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from assessments.models import Commendation, DutyRecord
from assessments.periods import Period, year_period
from assessments.scoring import year_scores
from assessments.sheets import DATE_FORMAT, SheetWriter, total_label
from deputies.models import Deputy
from liaison.activities.figures import day_voters
from liaison.activities.models import Activity, Invitation, Visit, VoterReport
from liaison.activities.ratings import with_results
from liaison.core import excel
from suggestions.models import Consultation, Evaluation
from suggestions.rates import received
from voters.models import Opinion


@dataclass
class Archive:
    deputy: Deputy
    period: Period
    title: str
    records: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    voter_reports: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    opinions: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    consultations: list = field(default_factory=list)
    commendations: list = field(default_factory=list)
    scores: list = field(default_factory=list)


def archive_period(deputy, *, year=None, mandate=None):
    """A term runs from the mandate's start to its end (or today); otherwise a calendar year."""
    today = timezone.localdate()
    if mandate is not None:
        start = mandate.started_on or today.replace(month=1, day=1)
        end = min(mandate.ended_on or today, today) if (mandate.ended_on or today) >= start else start
        title = _("%(level)s deputy, %(term)s term") % {
            "level": mandate.get_level_display(),
            "term": mandate.term,
        }
        return Period(start, max(end, start)), title
    year = year or today.year
    return year_period(year), _("Year %(year)s") % {"year": year}


def archive_build(deputy, period, title):
    start, end = period.bounds()
    archive = Archive(deputy=deputy, period=period, title=title)
    archive.records = list(
        DutyRecord.objects.filter(deputy=deputy, date__gte=period.start, date__lte=period.end)
        .exclude(status=DutyRecord.Status.WITHDRAWN)
        .order_by("date", "pk")
    )
    archive.invitations = list(
        Invitation.objects.filter(deputy=deputy, activity__starts_at__gte=start, activity__starts_at__lt=end)
        .annotate(day_voters=day_voters("activity__"))
        .select_related("activity", "activity__station")
        .order_by("activity__starts_at", "pk")
    )
    # The monthly consultations attended (会商, seed 001), with the opinions the deputy took up there.
    attended = Invitation.objects.filter(deputy=deputy, attendance=Invitation.Attendance.PRESENT)
    archive.consultations = list(
        Consultation.objects.filter(
            activity__in=attended.values("activity"),
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        )
        .annotate(led=Count("items", filter=Q(items__lead_deputy=deputy, items__applied_at__isnull=False)))
        .select_related("station", "activity")
        .order_by("month", "pk")
    )
    # The deputy's reports to voters with their ratings (述职评议, seed 004).
    archive.voter_reports = list(
        with_results(
            VoterReport.objects.filter(
                deputy=deputy, activity__starts_at__gte=start, activity__starts_at__lt=end
            ).exclude(activity__status=Activity.Status.CANCELLED)
        )
        .select_related("activity")
        .order_by("activity__starts_at", "pk")
    )
    archive.visits = list(
        Visit.objects.filter(deputies=deputy, date__gte=period.start, date__lte=period.end)
        .select_related("station")
        .order_by("date", "pk")
    )
    archive.opinions = list(
        Opinion.objects.filter(deputy=deputy, received_at__gte=start, received_at__lt=end)
        .exclude(status=Opinion.Status.MERGED)
        .select_related("station", "category")
        .order_by("received_at", "pk")
    )
    # The suggestions received in the period (suggestions.rates), with what became of each.
    archive.suggestions = list(
        received(period.start, period.end)
        .filter(Q(lead_deputy=deputy) | Q(joint_deputies=deputy))
        .distinct()
        .select_related("lead_deputy", "lead_unit")
        .order_by("submitted_at", "pk")
    )
    evaluations = {}
    for evaluation in Evaluation.objects.filter(suggestion__in=[s.pk for s in archive.suggestions]).order_by(
        "round"
    ):
        evaluations.setdefault(evaluation.suggestion_id, []).append(evaluation)
    for suggestion in archive.suggestions:
        suggestion.archive_evaluations = evaluations.get(suggestion.pk, [])
    for year in range(period.start.year, period.end.year + 1):
        scores, _rules = year_scores(Deputy.objects.filter(pk=deputy.pk), year)
        if scores:
            archive.scores.append((year, scores[0]))
    # The commendations the deputy was selected for (评先选优), year by year.
    archive.commendations = list(
        Commendation.objects.filter(
            deputy=deputy,
            status=Commendation.Status.SELECTED,
            year__gte=period.start.year,
            year__lte=period.end.year,
        ).order_by("year", "pk")
    )
    return archive


PROFILE_FIELDS = [
    ("name", gettext_lazy("Name")),
    ("gender", gettext_lazy("Gender")),
    ("birth_year", gettext_lazy("Birth year")),
    ("ethnicity", gettext_lazy("Ethnicity")),
    ("party", gettext_lazy("Party affiliation")),
    ("occupation", gettext_lazy("Occupation")),
    ("employer", gettext_lazy("Employer and post")),
    ("sector", gettext_lazy("Sector")),
]


def profile_rows(deputy):
    rows = []
    for name, label in PROFILE_FIELDS:
        display = getattr(deputy, f"get_{name}_display", None)
        rows.append((str(label), display() if display else getattr(deputy, name)))
    return rows


def _day(value):
    return timezone.localtime(value).date() if value else None


def archive_workbook(archive):
    workbook = excel.new_workbook()
    caption = _("Duty archive of %(name)s · %(title)s (%(start)s – %(end)s)") % {
        "name": archive.deputy.name,
        "title": archive.title,
        "start": archive.period.start.isoformat(),
        "end": archive.period.end.isoformat(),
    }
    sheet = SheetWriter(workbook, _("Profile"), caption, [_("Item"), _("Value")], widths=[18, 50])
    for label, value in profile_rows(archive.deputy):
        sheet.row([label, value])
    for mandate in archive.deputy.mandates.all():
        sheet.row(
            [_("Mandate"), f"{mandate.get_level_display()} {mandate.term} {mandate.constituency}".strip()]
        )
    for group in archive.deputy.deputy_groups.all():
        sheet.row([_("Deputy group"), group.name])
    for commendation in archive.commendations:
        sheet.row([commendation.get_kind_display(), str(commendation.year)])
    for stationing in archive.deputy.stationings.all():
        sheet.row(
            [_("Stationed at"), f"{stationing.station.name} ({stationing.since} – {stationing.until or ''})"]
        )
    sheet.close()

    sheet = SheetWriter(
        workbook,
        _("Duty records"),
        caption,
        [
            _("Date"),
            _("Kind"),
            pgettext("duty record", "What"),
            _("Times"),
            _("Voters met"),
            _("Source"),
            _("Status"),
        ],
        widths=[12, 22, 40, 8, 10, 18, 14],
        formats={0: DATE_FORMAT},
    )
    for record in archive.records:
        sheet.row(
            [
                record.date,
                record.get_kind_display(),
                record.title,
                record.quantity,
                record.voters_met,
                record.get_source_display(),
                record.get_status_display(),
            ]
        )
    sheet.total([total_label(sheet.count), "", "", "", "", "", ""])

    sheet = SheetWriter(
        workbook,
        _("Activities"),
        caption,
        [_("Date"), _("Kind"), _("Title"), _("Station"), _("Reply"), _("Attendance"), _("Voters received")],
        widths=[12, 14, 40, 26, 12, 12, 10],
        formats={0: DATE_FORMAT},
    )
    for invitation in archive.invitations:
        activity = invitation.activity
        sheet.row(
            [
                _day(activity.starts_at),
                activity.get_kind_display(),
                activity.title,
                activity.station.name if activity.station else "",
                invitation.get_reply_display(),
                invitation.get_attendance_display(),
                invitation.day_voters,
            ]
        )
    sheet.close()

    sheet = SheetWriter(
        workbook,
        _("Reports to voters"),
        caption,
        [
            _("Date"),
            _("Title"),
            _("Satisfied"),
            _("Basically satisfied"),
            _("Unsatisfied"),
            _("Satisfaction rate"),
            _("Report"),
        ],
        widths=[12, 36, 8, 10, 8, 10, 60],
        formats={0: DATE_FORMAT},
    )
    for report in archive.voter_reports:
        rate = report.satisfaction_rate
        sheet.row(
            [
                _day(report.activity.starts_at),
                report.activity.title,
                report.satisfied,
                report.basically,
                report.unsatisfied,
                "" if rate is None else round(rate, 1),
                report.text,
            ]
        )
    sheet.close()

    sheet = SheetWriter(
        workbook,
        _("Visits"),
        caption,
        [_("Date"), _("Kind"), _("Station"), _("Voters met"), _("Summary")],
        widths=[12, 10, 26, 10, 50],
        formats={0: DATE_FORMAT},
    )
    for visit in archive.visits:
        sheet.row([visit.date, visit.get_kind_display(), visit.station.name, visit.voters_met, visit.summary])
    sheet.close()

    sheet = SheetWriter(
        workbook,
        _("Opinions"),
        caption,
        [_("Tracking code"), _("Received on"), _("Channel"), _("Category"), _("Status"), _("Content")],
        widths=[14, 12, 12, 14, 12, 50],
        formats={1: DATE_FORMAT},
    )
    for opinion in archive.opinions:
        sheet.row(
            [
                opinion.tracking_code,
                _day(opinion.received_at),
                opinion.get_channel_display(),
                str(opinion.category or ""),
                opinion.get_status_display(),
                opinion.content,
            ]
        )
    sheet.close()

    sheet = SheetWriter(
        workbook,
        _("Suggestions"),
        caption,
        [
            _("Number"),
            _("Title"),
            _("Role"),
            _("Submitted on"),
            _("Status"),
            _("Lead unit"),
            _("Result class"),
            _("Evaluation"),
        ],
        widths=[12, 40, 10, 12, 16, 20, 10, 24],
        formats={3: DATE_FORMAT},
    )
    for suggestion in archive.suggestions:
        sheet.row(
            [
                suggestion.number,
                suggestion.title,
                _("Lead") if suggestion.lead_deputy_id == archive.deputy.pk else _("Joint"),
                _day(suggestion.submitted_at),
                suggestion.get_status_display(),
                suggestion.lead_unit.name if suggestion.lead_unit else "",
                suggestion.result_class,
                "、".join(evaluation.get_rating_display() for evaluation in suggestion.archive_evaluations),
            ]
        )
    sheet.close()

    sheet = SheetWriter(
        workbook,
        _("Scores"),
        caption,
        [_("Year"), _("Total"), _("Minimums missed"), _("Frozen")],
        widths=[8, 10, 50, 8],
    )
    for year, score in archive.scores:
        sheet.row([year, float(score.total), score.missed_labels, _("yes") if score.frozen else _("no")])
    sheet.close()
    return workbook
