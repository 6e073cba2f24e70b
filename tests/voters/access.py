"""Every page of voters/ as every role (tests/test_url_access.py walks them)."""

from tests.access import DEPLOYMENT_STAFF_ONLY, LOGIN, NETWORK_PAGE, PUBLIC, STAFF_ONLY, expect
from voters.models import Opinion

# An opinion of `station`, received by `deputy_record`: its officer and staff manage it, that deputy reads it.
# Staff of the other street or district get 404 on it (tests/access.py `expect()`); the lists, registers and
# the export log answer them 200, holding none of this street's rows (tests/voters/test_scope.py).
READ_OPINION = expect(
    officer=200,
    other_officer=404,
    deputy=200,
    other_deputy=404,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)
MANAGE_OPINION = expect(
    officer=200,
    other_officer=404,
    deputy=403,
    other_deputy=403,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)
READ_LIST = expect(
    officer=200,
    other_officer=200,
    deputy=200,
    other_deputy=200,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)
# Reveal is a POST (tests/voters/test_reveal.py): a GET is refused with 405 by those holding the permission,
# before any lookup; 403 for roles without it.
REVEAL = expect(
    officer=405,
    other_officer=405,
    deputy=403,
    other_deputy=403,
    committee_staff=405,
    unit_user=403,
    anonymous=LOGIN,
)


def _make_opinion(f):
    """The opinion every row works on (the shared fixtures only: tests/voters/conftest.py is not seen here)."""
    from tests.voters.factories import OpinionFactory, VoterFactory

    station = f("station")
    voter = VoterFactory(station=station, phone="+8613812345678")
    return OpinionFactory(station=station, voter=voter, deputy=f("deputy_record"), officer=f("officer_user"))


def _opinion(f):
    return {"pk": _make_opinion(f).pk}


def _triaged(f):
    from voters.models import Route
    from voters.services.steps import opinion_triage

    opinion = _make_opinion(f)
    opinion_triage(opinion=opinion, route=Route.STREET_OFFICE, actor=f("officer_user"))
    return {"pk": opinion.pk}


def _mediation(f):
    from tests.deputies.factories import DeputyFactory
    from tests.liaison.factories import StationingFactory
    from voters.models import Route
    from voters.services.steps import opinion_triage

    opinion = _make_opinion(f)
    mediator = DeputyFactory(name="林调解")
    StationingFactory(deputy=mediator, station=opinion.station)
    opinion_triage(opinion=opinion, route=Route.MEDIATION, actor=f("officer_user"), mediators=[mediator])
    return {"pk": opinion.pk}


def _resolved(f):
    from voters.services.steps import opinion_resolve

    kwargs = _triaged(f)
    opinion_resolve(opinion=Opinion.objects.get(**kwargs), actor=f("officer_user"), reply="已修复")
    return kwargs


def _answered(f):
    from voters.models import ReturnVisit, Satisfaction
    from voters.services.steps import opinion_record_return_visit

    kwargs = _resolved(f)
    opinion_record_return_visit(
        opinion=Opinion.objects.get(**kwargs),
        actor=f("officer_user"),
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.SATISFIED,
    )
    return kwargs


def _attachment(f):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.voters.test_uploads import png_bytes
    from voters.services.steps import attachment_add

    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    attachment = attachment_add(opinion=_make_opinion(f), upload=upload, actor=f("officer_user"))
    return {"pk": attachment.pk}


def _voter(f):
    return {"pk": _make_opinion(f).voter_id}


def _category(f):
    from voters.models import Category

    return {"pk": Category.objects.order_by("pk").first().pk}


def _visit(f):
    from liaison.activities.models import Visit

    visit = Visit.objects.create(kind=Visit.Kind.VISIT, date="2026-03-01", station=f("point"))
    visit.entries.create(voter_name="赵六", voter_phone="13812349999", raised="楼道灯不亮")
    return {"pk": visit.pk}


ACCESS = {
    "voters:list": (None, READ_LIST),
    "voters:create": (None, NETWORK_PAGE),
    "voters:similar": (None, NETWORK_PAGE),
    "voters:import": (None, STAFF_ONLY),
    "voters:import_template": (None, STAFF_ONLY),
    "voters:detail": (_opinion, READ_OPINION),
    "voters:reveal": (_opinion, REVEAL),
    "voters:triage": (_opinion, MANAGE_OPINION),
    "voters:start": (_triaged, MANAGE_OPINION),
    "voters:resolve": (_triaged, MANAGE_OPINION),
    "voters:mediate": (_mediation, MANAGE_OPINION),
    "voters:return_visit": (_resolved, MANAGE_OPINION),
    "voters:close": (_answered, MANAGE_OPINION),
    "voters:withdraw": (_opinion, MANAGE_OPINION),
    "voters:merge": (_opinion, MANAGE_OPINION),
    "voters:from_visit": (_visit, MANAGE_OPINION),
    "voters:visit_log": (None, NETWORK_PAGE),
    "voters:attachment_add": (_opinion, MANAGE_OPINION),
    "voters:attachment": (_attachment, READ_OPINION),
    "voters:consultation": (None, NETWORK_PAGE),
    "voters:register": (None, NETWORK_PAGE),
    "voters:register_export": (None, NETWORK_PAGE),
    "voters:register_print": (None, NETWORK_PAGE),
    "voters:register_pdf": (None, NETWORK_PAGE),
    "voters:feedback": (None, NETWORK_PAGE),
    "voters:feedback_export": (None, NETWORK_PAGE),
    "voters:feedback_print": (None, NETWORK_PAGE),
    "voters:feedback_pdf": (None, NETWORK_PAGE),
    "voters:voters": (None, NETWORK_PAGE),
    "voters:voter_export": (None, NETWORK_PAGE),
    "voters:voter_detail": (_voter, MANAGE_OPINION),
    "voters:voter_reveal": (_voter, REVEAL),
    "voters:voter_edit": (_voter, MANAGE_OPINION),
    "voters:exports": (None, STAFF_ONLY),
    "voters:categories": (None, NETWORK_PAGE),
    "voters:category_create": (None, DEPLOYMENT_STAFF_ONLY),
    "voters:category_edit": (_category, DEPLOYMENT_STAFF_ONLY),
    "voters:station_qr": (lambda f: {"pk": f("point").pk}, MANAGE_OPINION),
    "voters:public_station": (lambda f: {"pk": f("station").pk}, PUBLIC),
    "voters:public_deputy": (lambda f: {"token": f("deputy_record").public_token}, PUBLIC),
    "voters:track_lookup": (None, PUBLIC),
    "voters:track": (lambda f: {"code": _make_opinion(f).tracking_code}, PUBLIC),
}
