from datetime import date

from tests.access import LOGIN, NETWORK_PAGE, POST_ONLY, STAFF_ONLY, expect
from tests.deputies.access import OWN_DEPUTY_PAGE

OWN_EXPORT = expect(403, officer=200, other_officer=404, committee_staff=404, anonymous=LOGIN)


def _deputy(f):
    return {"pk": f("deputy_record").pk}


def _record(f):
    from tests.assessments.factories import ManualRecordFactory

    return {"pk": ManualRecordFactory(deputy=f("deputy_record"), entered_by=f("officer_user")).pk}


def _evidence(f):
    from django.core.files.base import ContentFile

    from tests.assessments.factories import ManualRecordFactory

    entry = ManualRecordFactory(deputy=f("deputy_record"), entered_by=f("officer_user"))
    entry.evidence.save("minutes.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": entry.pk}


def _job(f):
    from django.core.files.base import ContentFile

    from assessments.models import ExportJob

    job = ExportJob.objects.create(
        user=f("officer_user"),
        title="季度报表",
        status=ExportJob.Status.DONE,
        progress=100,
        filename="r.xlsx",
    )
    job.file.save("r.xlsx", ContentFile(b"PK"), save=True)
    return {"pk": job.pk}


# A station's plan and summary: seen by its officers and the staff over it, kept by its officers only.
STATION_DOCUMENT = expect(403, officer=200, other_officer=404, committee_staff=200, anonymous=LOGIN)
KEEPER_ONLY = expect(
    403, officer=200, other_officer=404, anonymous=LOGIN, other_street_staff=404, other_district_staff=404
)


def _plan(f):
    from assessments.planning import plan_draft

    return {"pk": plan_draft(station=f("station"), year=date.today().year, actor=f("officer_user")).pk}


def _planned(f):
    """A draft plan with one item, so that it can be submitted."""
    from assessments.models import PlanItem

    kwargs = _plan(f)
    PlanItem.objects.create(plan_id=kwargs["pk"], kind="reception", title="接待选民日", month=3)
    return kwargs


def _summary(f):
    from assessments.planning import summary_draft

    return {"pk": summary_draft(station=f("station"), year=date.today().year, actor=f("officer_user")).pk}


def _commendation(f):
    from django.utils import timezone

    from assessments.models import Commendation

    made = Commendation.objects.create(
        year=timezone.localdate().year,
        kind=Commendation.Kind.STATION,
        station=f("station"),
        reason="接待选民日按时举办",
        nominated_by=f("officer_user"),
    )
    return {"pk": made.pk}


# The object is `station`'s: its officer and the staff above it see it, the other station's officer not.
STATION_COMMENDATION = expect(403, officer=200, other_officer=404, committee_staff=200, anonymous=LOGIN)

# A sitting and a bulletin of `station`'s street: staff of the other street or district get a 404.
OWN_STREET_STAFF = expect(
    403, committee_staff=200, other_street_staff=404, other_district_staff=404, anonymous=LOGIN
)
PUBLISHED_BULLETIN = expect(
    404, committee_staff=200, officer=200, deputy=200, other_officer=404, unit_user=200, anonymous=LOGIN
)


def _sitting(f):
    from assessments.models import Seat, Sitting, Speech

    sitting = Sitting.objects.create(
        title="区人大常委会第二十次会议", starts_on=date(2025, 6, 18), jurisdiction=f("street")
    )
    Seat.objects.create(sitting=sitting, deputy=f("deputy_record"))
    Speech.objects.create(sitting=sitting, deputy=f("deputy_record"), topic="老旧小区改造")
    return {"pk": sitting.pk}


def _speech(f):
    from assessments.models import Speech

    return {"pk": Speech.objects.get(sitting_id=_sitting(f)["pk"]).pk}


def _bulletin(f, status="published"):
    from assessments.models import Bulletin

    bulletin = Bulletin.objects.create(
        jurisdiction=f("street"),
        year=2025,
        number=6,
        start=date(2025, 6, 1),
        end=date(2025, 6, 30),
        title="代表工作动态（2025-06）",
        status=status,
    )
    bulletin.sections.create(heading="概况", body="出席 1 人次")
    return {"pk": bulletin.pk}


ACCESS = {
    "assessments:plans": (None, NETWORK_PAGE),
    "assessments:plan_start": (None, POST_ONLY),
    "assessments:plan_detail": (_plan, STATION_DOCUMENT),
    "assessments:plan_edit": (_plan, KEEPER_ONLY),
    "assessments:plan_submit": (_planned, KEEPER_ONLY),
    "assessments:plan_print": (_plan, STATION_DOCUMENT),
    "assessments:plan_pdf": (_plan, STATION_DOCUMENT),
    "assessments:summary_start": (None, POST_ONLY),
    "assessments:summary_detail": (_summary, STATION_DOCUMENT),
    "assessments:summary_edit": (_summary, KEEPER_ONLY),
    "assessments:summary_finalise": (_summary, KEEPER_ONLY),
    "assessments:summary_print": (_summary, STATION_DOCUMENT),
    "assessments:summary_pdf": (_summary, STATION_DOCUMENT),
    "assessments:sittings": (None, STAFF_ONLY),
    "assessments:sitting_create": (None, STAFF_ONLY),
    "assessments:sitting_detail": (_sitting, OWN_STREET_STAFF),
    "assessments:sitting_edit": (_sitting, OWN_STREET_STAFF),
    "assessments:sitting_roll": (_sitting, OWN_STREET_STAFF),
    "assessments:sitting_roll_import": (_sitting, OWN_STREET_STAFF),
    "assessments:sitting_roll_template": (_sitting, OWN_STREET_STAFF),
    "assessments:sitting_invite": (_sitting, POST_ONLY),
    "assessments:speech_add": (_sitting, POST_ONLY),
    "assessments:speech_remove": (_speech, POST_ONLY),
    "assessments:bulletins": (None, expect(200, anonymous=LOGIN)),
    "assessments:bulletin_create": (None, POST_ONLY),
    "assessments:bulletin_detail": (_bulletin, PUBLISHED_BULLETIN),
    "assessments:bulletin_edit": (lambda f: _bulletin(f, "draft"), OWN_STREET_STAFF),
    "assessments:bulletin_regenerate": (_bulletin, POST_ONLY),
    "assessments:bulletin_publish": (_bulletin, POST_ONLY),
    "assessments:bulletin_print": (_bulletin, PUBLISHED_BULLETIN),
    "assessments:bulletin_pdf": (_bulletin, PUBLISHED_BULLETIN),
    "assessments:import": (None, STAFF_ONLY),
    "assessments:import_template": (None, STAFF_ONLY),
    "assessments:index": (
        None,
        expect(200, deputy=302, other_deputy=302, unit_user=403, anonymous=LOGIN),
    ),
    "assessments:my_score": (None, expect(403, deputy=302, other_deputy=302, anonymous=LOGIN)),
    "assessments:deputy_score": (_deputy, OWN_DEPUTY_PAGE),
    "assessments:archive": (_deputy, OWN_DEPUTY_PAGE),
    "assessments:archive_export": (_deputy, OWN_DEPUTY_PAGE),
    "assessments:records": (None, NETWORK_PAGE),
    "assessments:record_create": (None, NETWORK_PAGE),
    "assessments:record_detail": (_record, OWN_DEPUTY_PAGE),
    "assessments:record_evidence": (_evidence, OWN_DEPUTY_PAGE),
    "assessments:record_decide": (_record, POST_ONLY),
    "assessments:rules_current": (None, expect(403, committee_staff=302, anonymous=LOGIN)),
    "assessments:rules": (lambda f: {"year": date.today().year}, STAFF_ONLY),
    "assessments:derive": (None, POST_ONLY),
    "assessments:notice": (None, NETWORK_PAGE),
    "assessments:notice_export": (
        None,
        # With no group chosen, back to the notice page, whoever may see it.
        {role: 302 if status == 200 else status for role, status in NETWORK_PAGE.items()},
    ),
    "assessments:results": (None, NETWORK_PAGE),
    "assessments:excellent_select": (None, POST_ONLY),
    "assessments:freeze": (None, POST_ONLY),
    "assessments:publish": (None, POST_ONLY),
    "assessments:commendations": (None, NETWORK_PAGE),
    "assessments:commendation_nominate": (None, NETWORK_PAGE),
    "assessments:commendation_export": (None, NETWORK_PAGE),
    "assessments:commendation_detail": (_commendation, STATION_COMMENDATION),
    "assessments:commendation_decide": (_commendation, POST_ONLY),
    "assessments:report": (None, NETWORK_PAGE),
    "assessments:job_detail": (_job, OWN_EXPORT),
    "assessments:job_status": (_job, OWN_EXPORT),
    "assessments:job_download": (_job, OWN_EXPORT),
}
