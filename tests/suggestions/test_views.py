"""The pages: the whole loop in the browser's requests, the unit's blindness to the evaluation, lists pinned
in queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from liaison.core.errors import ActionRefused
from suggestions import clock
from suggestions.models import Assignment, Suggestion
from suggestions.services.assignments import suggestion_assign
from suggestions.services.proposals import suggestion_save_draft
from suggestions.services.replies import suggestion_evaluate

pytestmark = pytest.mark.django_db


def _post(client, name, pk, data=None, **extra):
    response = client.post(reverse(f"suggestions:{name}", args=[pk]), data or {}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_whole_loop_through_the_pages(
    deputy, committee_staff, unit_user, second_unit_client, second_unit, deputy_record, handling_unit
):
    response = deputy.post(
        reverse("suggestions:create"),
        {
            "title": "关于改造桂花社区老旧管网的建议",
            "content": "管网老化，雨季内涝。",
            "category": "urban",
            "kind": "suggestion",
            "period": "between",
            "lead_deputy": deputy_record.pk,
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.status == "draft"
    _post(deputy, "submit", suggestion.pk)
    _post(committee_staff, "register", suggestion.pk)
    lead_deadline = clock.reply_deadline(timezone.localdate())
    _post(
        committee_staff,
        "assign",
        suggestion.pk,
        {
            "lead_unit": handling_unit.pk,
            "deadline": lead_deadline.isoformat(),
            "co_units": [second_unit.pk],
            "co_deadline": clock.co_view_deadline(timezone.localdate()).isoformat(),
        },
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "assigned"
    lead = suggestion.assignments.get(role="lead")
    co = suggestion.assignments.get(role="co")
    page = unit_user.get(suggestion.get_absolute_url()).content.decode()
    assert date_format(lead.deadline) in page and lead.basis_text in page
    _post(unit_user, "accept", lead.pk)
    _post(second_unit_client, "accept", co.pk)
    _post(second_unit_client, "view", co.pk, {"view": "配合做好施工期间交通疏导"})
    _post(
        unit_user,
        "contact",
        suggestion.pk,
        {"method": "phone", "contacted_on": timezone.localdate().isoformat(), "note": "电话沟通方案"},
    )
    _post(
        unit_user,
        "reply",
        suggestion.pk,
        {
            "result_class": "A",
            "text": "已列入今年改造计划并完成。",
            "documents": [SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply")],
        },
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "replied"
    document = suggestion.replies.get().documents.get()
    assert deputy.get(reverse("suggestions:document", args=[document.pk])).status_code == 200
    assert "配合做好施工期间交通疏导" in deputy.get(suggestion.get_absolute_url()).content.decode()

    mine = deputy.get(reverse("suggestions:mine")).content.decode()
    assert mine.index(suggestion.title) < mine.index("mt-4")  # in "waiting for you", on top
    _post(deputy, "evaluate", suggestion.pk, {"rating": "unsatisfied", "comment": "施工遗留问题未处理"})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.round) == ("registered", 2)

    _post(
        committee_staff,
        "assign",
        suggestion.pk,
        {
            "lead_unit": handling_unit.pk,
            "deadline": clock.reply_deadline(timezone.localdate(), 2).isoformat(),
        },
    )
    lead2 = suggestion.assignments.get(round=2, role="lead")
    _post(unit_user, "accept", lead2.pk)
    _post(
        unit_user,
        "contact",
        suggestion.pk,
        {"method": "visit", "contacted_on": timezone.localdate().isoformat(), "note": "上门"},
    )
    _post(unit_user, "reply", suggestion.pk, {"result_class": "A", "text": "遗留问题已处理。"})
    _post(deputy, "evaluate", suggestion.pk, {"rating": "satisfied"})
    suggestion.refresh_from_db()
    assert suggestion.status == "closed"

    rates = committee_staff.get(reverse("suggestions:rates"), {"by": "unit"})
    assert rates.context["total"]["completed"] == 1
    assert rates.context["total"]["satisfied"] == 1


def test_the_unit_cannot_see_the_evaluation_until_final(loop, unit_user, deputy, staff_user):
    suggestion = loop.to("replied")
    # The unit can neither record the evaluation...
    assert unit_user.get(reverse("suggestions:evaluate", args=[suggestion.pk])).status_code == 403
    with pytest.raises(ActionRefused):
        suggestion_evaluate(suggestion=suggestion, actor=loop.unit_user, rating="satisfied")
    suggestion_evaluate(
        suggestion=suggestion, actor=loop.deputy_user, rating="unsatisfied", comment="敷衍了事未见行动"
    )
    page = unit_user.get(suggestion.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "敷衍了事未见行动" not in text
    assert not page.context["show_evaluation"]
    assert all(event.kind not in {"evaluated", "reassign_due"} for event in page.context["events"])
    for label in ("Unsatisfied", "不满意"):
        assert label not in text
    # The deputy sees their own evaluation.
    assert "敷衍了事未见行动" in deputy.get(suggestion.get_absolute_url()).content.decode()
    # Once completed, the result is final and shown to the unit too.
    suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=loop.unit)
    loop.to("closed", suggestion=suggestion)
    assert "敷衍了事未见行动" in unit_user.get(suggestion.get_absolute_url()).content.decode()


def test_other_units_see_nothing(loop, second_unit_client):
    suggestion = loop.to("assigned")
    assert second_unit_client.get(suggestion.get_absolute_url()).status_code == 404
    lead = suggestion.assignments.get()
    assert second_unit_client.get(reverse("suggestions:accept", args=[lead.pk])).status_code == 404
    assert suggestion.title not in second_unit_client.get(reverse("suggestions:unit_work")).content.decode()


def test_a_refused_step_says_what_happened(loop, committee_staff):
    suggestion = loop.to("registered")
    response = committee_staff.post(reverse("suggestions:register", args=[suggestion.pk]), follow=True)
    assert response.status_code == 200
    assert any(message.level_tag == "error" for message in response.context["messages"])


def test_overdue_items_stand_out_in_lists(loop, committee_staff, unit_user):
    suggestion = loop.to("assigned")
    Assignment.objects.filter(suggestion=suggestion).update(
        deadline=timezone.localdate().replace(year=timezone.localdate().year - 1)
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        due_on=timezone.localdate().replace(year=timezone.localdate().year - 1)
    )
    listing = committee_staff.get(reverse("suggestions:list"), {"due": "overdue"})
    assert list(listing.context["page"]) == [Suggestion.objects.get(pk=suggestion.pk)]
    assert "table-danger" in listing.content.decode()
    work = unit_user.get(reverse("suggestions:unit_work"))
    assert [a.suggestion_id for a in work.context["overdue"]] == [suggestion.pk]


def test_staff_list_filters_and_search(loop, committee_staff):
    one = loop.to("submitted", title="老旧小区加装电梯")
    loop.to("registered", title="学校周边交通安全", category="education")
    response = committee_staff.get(reverse("suggestions:list"), {"q": "电梯"})
    assert list(response.context["page"]) == [one]
    response = committee_staff.get(
        reverse("suggestions:list"), {"status": "registered", "category": "education"}
    )
    assert len(response.context["page"]) == 1


def test_reply_templates_prefill_the_reply(loop, unit_user):
    from suggestions.models import ReplyTemplate

    suggestion = loop.to("contacted")
    response = unit_user.post(
        reverse("suggestions:template_create"), {"name": "采纳", "text": "您提出的建议已采纳。"}
    )
    assert response.status_code == 302
    template = ReplyTemplate.objects.get()
    page = unit_user.get(reverse("suggestions:reply", args=[suggestion.pk]), {"template": template.pk})
    assert "您提出的建议已采纳。" in page.content.decode()


def test_reminder_letter_is_generated_from_the_suggestion(loop, committee_staff):
    suggestion = loop.to("assigned")
    page = committee_staff.get(reverse("suggestions:letter", args=[suggestion.pk])).content.decode()
    assert suggestion.number in page and loop.unit.name in page


def _many(loop, count):
    for index in range(count):
        loop.to("assigned", title=f"建议{index}")


@pytest.mark.parametrize("count", [2, 20])
def test_staff_list_query_count(loop, committee_staff, django_assert_num_queries, count):
    _many(loop, count)
    # 7: the filter bar's lead-unit select (the dashboard's links) reads the units once more.
    with django_assert_num_queries(7):
        response = committee_staff.get(reverse("suggestions:list"))
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_unit_page_query_count(loop, unit_user, django_assert_num_queries, count):
    _many(loop, count)
    with django_assert_num_queries(6):
        response = unit_user.get(reverse("suggestions:unit_work"))
    assert len(response.context["later"]) == count


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("show", ["waiting", "to_accept", "follow_ups"])
def test_unit_tile_list_query_count(loop, unit_user, django_assert_num_queries, count, show):
    for index in range(count):
        if show == "follow_ups":  # a class-B reply, evaluated, is followed up
            loop.to("closed", result_class="B", title=f"建议{index}")
        else:
            loop.to("assigned", title=f"建议{index}")
    with django_assert_num_queries(5):  # session, user, unit, count, rows
        response = unit_user.get(reverse("suggestions:unit_work"), {"show": show})
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [2, 20])
def test_my_cases_query_count(loop, deputy, django_assert_num_queries, count):
    _many(loop, count)
    with django_assert_num_queries(7):
        response = deputy.get(reverse("suggestions:mine"))
    assert len(response.context["page"]) == count


def test_my_cases_lists_the_opinions_routed_to_the_deputy(deputy, deputy_record, station):
    from tests.voters.factories import OpinionFactory

    opinion = OpinionFactory(station=station, deputy=deputy_record)
    OpinionFactory(station=station)  # someone else's
    response = deputy.get(reverse("suggestions:mine"))
    assert response.context["opinions"] == [opinion]
    assert opinion.tracking_code in response.content.decode()


# Voters' opinions raised as a suggestion, from the opinion's pages (群众点单、代表定单) ----------------------------


def _received(station, **fields):
    from tests.voters.factories import OpinionFactory, VoterFactory

    return OpinionFactory(station=station, voter=VoterFactory(station=station), **fields)


def test_the_triage_form_raises_the_opinion_as_a_suggestion_of_its_deputy(officer, station, deputy_record):
    opinion = _received(station, deputy=deputy_record)
    triage = reverse("voters:triage", args=[opinion.pk])
    # The triage page hands the suggestion route on to this app, which opens the draft.
    response = officer.post(triage, {"route": "suggestion"})
    assert response.status_code == 307
    assert response["Location"] == reverse("suggestions:from_triage", args=[opinion.pk])
    assert not Suggestion.objects.exists()
    response = officer.post(triage, {"route": "suggestion", "note": "区级事项"}, follow=True)
    assert response.redirect_chain[-1] == (opinion.get_absolute_url(), 302)
    suggestion = Suggestion.objects.get()
    assert (suggestion.status, suggestion.lead_deputy) == (Suggestion.Status.DRAFT, deputy_record)
    assert list(suggestion.source_opinions.all()) == [opinion]
    opinion.refresh_from_db()
    assert (opinion.route, opinion.status) == ("suggestion", "triaged")
    page = response.content.decode()
    assert "已分流" in page and str(suggestion) in page  # the message, and "suggestions raised from it"


def test_the_triage_form_without_a_deputy_says_so_and_changes_nothing(officer, station):
    opinion = _received(station)  # no receiving deputy, and none chosen
    triage = reverse("voters:triage", args=[opinion.pk])
    response = officer.post(triage, {"route": "suggestion"}, follow=True)
    assert response.status_code == 200
    assert "lead_deputy" in response.context["form"].errors
    assert (
        f'action="{triage}"' in response.content.decode()
    )  # corrected, it is posted to the triage page again
    opinion.refresh_from_db()
    assert (opinion.route, opinion.status) == ("", "received")
    assert not Suggestion.objects.exists()


def test_other_routes_posted_here_go_back_to_the_triage_page(officer, station):
    opinion = _received(station)
    response = officer.post(reverse("suggestions:from_triage", args=[opinion.pk]), {"route": "station"})
    assert (response.status_code, response["Location"]) == (307, reverse("voters:triage", args=[opinion.pk]))
    assert not Suggestion.objects.exists()


def test_similar_opinions_are_raised_together_as_one_suggestion(officer, station, deputy_record):
    first = _received(station, deputy=deputy_record, content="桂花路口的路灯坏了很久，晚上出行不安全")
    second = _received(station, content="桂花路口的路灯坏了很久，晚上出行很不安全")
    page = reverse("suggestions:from_opinions", args=[first.pk])
    form = officer.get(page).context["form"]
    assert set(form.fields["opinions"].queryset) == {first, second}
    response = officer.post(page, {"opinions": [first.pk, second.pk], "lead_deputy": deputy_record.pk})
    assert response["Location"] == first.get_absolute_url()
    suggestion = Suggestion.objects.get()
    assert set(suggestion.source_opinions.all()) == {first, second}
    assert "这些意见已汇总形成一件建议" in officer.get(response["Location"]).content.decode()


def test_another_stations_officer_cannot_raise_the_opinion(other_officer, station, deputy_record):
    opinion = _received(station, deputy=deputy_record)
    for name in ("from_opinions", "from_triage"):
        data = {"route": "suggestion", "opinions": [opinion.pk], "lead_deputy": deputy_record.pk}
        assert other_officer.post(reverse(f"suggestions:{name}", args=[opinion.pk]), data).status_code == 404
    assert not Suggestion.objects.exists()


def test_reply_is_offered_only_after_the_contact_is_recorded(loop, unit_user):
    suggestion = loop.to("accepted")
    reply = reverse("suggestions:reply", args=[suggestion.pk])
    page = unit_user.get(suggestion.get_absolute_url()).content.decode()
    assert f'href="{reply}' not in page
    assert f'href="{reverse("suggestions:contact", args=[suggestion.pk])}' in page
    assert unit_user.get(reply).status_code == 302  # told to record the contact before typing anything


def test_a_refused_reply_keeps_what_was_typed(loop, unit_user):
    suggestion = loop.to("accepted")  # the reply form was opened in another tab, or the contact not yet saved
    typed = "经研究，已安排专项资金，年内完成路灯改造。"
    response = unit_user.post(
        reverse("suggestions:reply", args=[suggestion.pk]), {"result_class": "A", "text": typed}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert typed in page
    assert "当前无法进行这一步。" in page
    assert not suggestion.replies.exists()


def test_staff_open_and_submit_the_draft_they_write_for_a_deputy(loop, staff_user, committee_staff):
    """A suggestion handed in on paper: staff write it for the deputy (may_write_for), then hand it in."""
    paper = suggestion_save_draft(
        actor=staff_user,
        lead_deputy=loop.deputy,
        title="关于修缮桂花桥的建议",
        content="桥面破损。",
        category="transport",
    )
    assert committee_staff.get(paper.get_absolute_url()).status_code == 200
    assert committee_staff.get(reverse("suggestions:submit", args=[paper.pk])).status_code == 200
    assert committee_staff.post(reverse("suggestions:submit", args=[paper.pk])).status_code == 302
    paper.refresh_from_db()
    assert paper.status == Suggestion.Status.SUBMITTED


def test_staff_still_do_not_see_a_deputys_own_draft(loop, committee_staff):
    own = loop.to("draft")
    assert committee_staff.get(own.get_absolute_url()).status_code == 404
    assert own.title not in committee_staff.get(reverse("suggestions:list")).content.decode()


def test_a_stale_triage_to_a_suggestion_opens_no_draft(officer, committee_staff, station, deputy_record):
    """Two at once: staff route the opinion while the officer's form is open; the officer's suggestion waits."""
    opinion = _received(station, deputy=deputy_record)
    triage = reverse("voters:triage", args=[opinion.pk])
    mine = officer.get(triage).context["form"]["seen"].value()
    theirs = committee_staff.get(triage).context["form"]["seen"].value()
    assert committee_staff.post(triage, {"route": "street_office", "seen": theirs}).status_code == 302
    late = officer.post(triage, {"route": "suggestion", "seen": mine}, follow=True)
    assert late.status_code == 200
    assert "您的分流未保存" in late.content.decode()
    assert not Suggestion.objects.exists()
    opinion.refresh_from_db()
    assert opinion.route == "street_office"
