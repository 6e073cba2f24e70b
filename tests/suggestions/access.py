from tests.access import LOGIN, NETWORK_PAGE, POST_ONLY, STAFF_ONLY, expect
from tests.voters.access import MANAGE_OPINION, _opinion

UNIT_ONLY = expect(403, unit_user=200, anonymous=LOGIN)
# Staff of the other street or district do not see the suggestions of `station`'s deputies: a 404, never a 403.
OUTSIDERS = {"other_street_staff": 404, "other_district_staff": 404}
STAFF_STEP = expect(403, committee_staff=200, anonymous=LOGIN, **OUTSIDERS)
# `handling_unit` is the district's: its street's staff do not manage it, the district's do.
DISTRICT_UNIT = {"street_staff": 404, **OUTSIDERS}
WRITERS = expect(200, unit_user=403, anonymous=LOGIN)
SUGGESTION_PAGE = expect(
    officer=200,
    other_officer=404,
    deputy=200,
    other_deputy=404,
    committee_staff=200,
    unit_user=200,
    anonymous=LOGIN,
)
# A draft is seen by its deputy and the officer of the deputy's station, not yet by staff (who see only the
# drafts they wrote themselves).
DRAFT_PAGE = expect(
    officer=200,
    other_officer=404,
    deputy=200,
    other_deputy=404,
    committee_staff=404,
    unit_user=403,
    anonymous=LOGIN,
)
EVALUATE = expect(
    officer=403,
    other_officer=403,
    deputy=200,
    other_deputy=404,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
    **OUTSIDERS,
)
FOLLOW_UP = expect(403, committee_staff=200, unit_user=200, anonymous=LOGIN, **OUTSIDERS)
# The triage form's suggestion route is posted here by the opinion's triage page; a GET goes back to that page.
FROM_TRIAGE = expect(
    officer=302,
    other_officer=404,
    deputy=403,
    other_deputy=403,
    committee_staff=302,
    unit_user=403,
    anonymous=LOGIN,
    **OUTSIDERS,
)

# A meeting of `station`, the deputy present: deputies see the meetings they attended.
MEETING_PAGE = expect(
    officer=200,
    other_officer=404,
    deputy=200,
    other_deputy=404,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)


def _meeting(f):
    from liaison.activities.models import Invitation
    from tests.suggestions.consultations import meeting

    f("deputy_record")
    consultation = meeting(f("station"), f("officer_user"), opinions=1)
    consultation.activity.invitations.update(attendance=Invitation.Attendance.PRESENT)
    return {"pk": consultation.pk}


def _loop(f):
    from tests.suggestions.factories import loop_from

    return loop_from(f)


def _at(stage, **options):
    def kwargs(f):
        return {"pk": _loop(f).to(stage, **options).pk}

    return kwargs


def _assignment(stage, role="lead", **options):
    def kwargs(f):
        from tests.suggestions.factories import other_unit

        loop = _loop(f)
        if role == "co":
            suggestion = loop.to("assigned", lead_unit=other_unit(), co_units=[loop.unit])
        else:
            suggestion = loop.to("assigned")
        assignment = suggestion.assignments.get(role=role)
        return {"pk": _prepare(loop, assignment, stage).pk}

    return kwargs


def _prepare(loop, assignment, stage):
    from datetime import timedelta

    from django.utils import timezone

    from suggestions.services.assignments import assignment_extension_ask, assignment_return

    if stage == "return_asked":
        assignment_return(assignment=assignment, actor=loop.unit_user, reason="不属于本单位职责")
    if stage == "extension_asked":
        assignment_extension_ask(
            assignment=assignment,
            actor=loop.unit_user,
            until=assignment.deadline + timedelta(days=30),
            reason="情况复杂",
        )
    assert timezone.localdate() <= assignment.return_by
    return assignment


def _follow_up(f):
    loop = _loop(f)
    return {"pk": loop.to("closed", result_class="B").pk}


def _document(f):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suggestions.models import Document

    loop = _loop(f)
    suggestion = loop.to("replied")
    reply = suggestion.replies.get()
    upload = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    document = Document.objects.create(
        reply=reply, file=upload, name="答复.pdf", content_type="application/pdf", size=13
    )
    return {"pk": document.pk}


def _template(f):
    from suggestions.models import ReplyTemplate

    template = ReplyTemplate.objects.create(unit=f("handling_unit"), name="通用答复", text="您好：")
    return {"pk": template.pk}


ACCESS = {
    "suggestions:import": (None, STAFF_ONLY),
    "suggestions:import_template": (None, STAFF_ONLY),
    "suggestions:list": (
        None,
        expect(officer=200, other_officer=200, committee_staff=200, default=403, anonymous=LOGIN),
    ),
    "suggestions:mine": (None, expect(403, deputy=200, other_deputy=200, anonymous=LOGIN)),
    "suggestions:unit_work": (None, UNIT_ONLY),
    "suggestions:create": (None, WRITERS),
    "suggestions:rates": (None, STAFF_ONLY),
    # Shared across the deployment (seed 001): every officer and deputy reads the answered suggestions.
    "suggestions:shared": (None, WRITERS),
    "suggestions:similar": (None, WRITERS),
    "suggestions:shared_detail": (_at("closed"), WRITERS),
    "suggestions:detail": (_at("assigned"), SUGGESTION_PAGE),
    "suggestions:from_opinions": (_opinion, MANAGE_OPINION),
    "suggestions:from_triage": (_opinion, FROM_TRIAGE),
    "suggestions:edit": (_at("draft"), DRAFT_PAGE),
    "suggestions:submit": (_at("draft"), DRAFT_PAGE),
    "suggestions:register": (_at("submitted"), STAFF_STEP),
    "suggestions:reject": (_at("submitted"), STAFF_STEP),
    "suggestions:merge": (_at("registered"), STAFF_STEP),
    "suggestions:assign": (_at("registered"), STAFF_STEP),
    "suggestions:key": (_at("assigned"), STAFF_STEP),
    "suggestions:supervise": (_at("assigned"), STAFF_STEP),
    "suggestions:letter": (_at("assigned"), STAFF_STEP),
    "suggestions:contact": (_at("accepted"), UNIT_ONLY),
    "suggestions:reply": (_at("contacted"), UNIT_ONLY),
    "suggestions:evaluate": (_at("replied"), EVALUATE),
    "suggestions:follow_up": (_follow_up, FOLLOW_UP),
    "suggestions:accept": (_assignment("assigned"), UNIT_ONLY),
    "suggestions:return": (_assignment("assigned"), UNIT_ONLY),
    "suggestions:return_decide": (_assignment("return_asked"), STAFF_STEP),
    "suggestions:extension": (_assignment("assigned"), UNIT_ONLY),
    "suggestions:extension_decide": (_assignment("extension_asked"), STAFF_STEP),
    "suggestions:view": (_assignment("assigned", role="co"), UNIT_ONLY),
    "suggestions:document": (_document, SUGGESTION_PAGE),
    "suggestions:templates": (None, UNIT_ONLY),
    "suggestions:template_create": (None, UNIT_ONLY),
    "suggestions:template_edit": (_template, UNIT_ONLY),
    "suggestions:consultations": (None, expect(200, unit_user=403, anonymous=LOGIN)),
    "suggestions:consultation_create": (None, NETWORK_PAGE),
    "suggestions:consultation": (_meeting, MEETING_PAGE),
    "suggestions:consultation_decide": (_meeting, MANAGE_OPINION),
    "suggestions:consultation_redraw": (_meeting, POST_ONLY),
    "suggestions:consultation_minutes": (_meeting, MANAGE_OPINION),
    "suggestions:consultation_print": (_meeting, MEETING_PAGE),
    "suggestions:consultation_pdf": (_meeting, MEETING_PAGE),
    "suggestions:units": (None, STAFF_ONLY),
    "suggestions:unit_create": (None, STAFF_ONLY),
    "suggestions:unit_detail": (
        lambda f: {"pk": f("handling_unit").pk},
        expect(403, committee_staff=200, unit_user=200, anonymous=LOGIN, **DISTRICT_UNIT),
    ),
    "suggestions:unit_edit": (
        lambda f: {"pk": f("handling_unit").pk},
        expect(403, committee_staff=200, anonymous=LOGIN, **DISTRICT_UNIT),
    ),
}
