"""One error for a refused step (liaison.core.errors) and its one answer on the pages: a message and the
same redirect for a page, 409 with the reason for htmx and JSON (through a real page: tests/activities/test_views.py)."""

import json

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from liaison.core.errors import ActionRefused, refused_response, refused_to_message


def _request(**headers):
    request = RequestFactory().post("/somewhere/", headers=headers)
    request._messages = CookieStorage(request)
    return request


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_a_refusal_is_a_validation_error_a_form_shows_as_it_is():
    error = ActionRefused("这一步现在不能做。")
    assert isinstance(error, ValidationError)
    assert error.messages == ["这一步现在不能做。"] and error.code == "refused"
    form = NoteForm({"note": ""})
    assert form.is_valid()
    form.add_error(None, error)
    assert form.non_field_errors() == ["这一步现在不能做。"]


def test_a_page_gets_the_reason_as_a_message_and_the_redirect():
    request = _request()
    response = refused_response(request, ActionRefused("已经办结。"), "/back/")
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "已经办结。")]


def test_htmx_and_json_get_409_with_the_reason_and_no_message():
    request = _request(HX_Request="true")
    response = refused_response(request, ActionRefused("已经办结。"), "/back/")
    assert response.status_code == 409 and response.content.decode() == "已经办结。"
    request = _request(Accept="application/json")
    response = refused_response(request, ActionRefused("已经办结。"), "/back/")
    assert response.status_code == 409 and json.loads(response.content) == {"refused": "已经办结。"}
    assert not list(get_messages(request))


def test_a_browser_accepting_anything_gets_the_page():
    request = _request(Accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert refused_response(request, "不行。", "/back/").status_code == 302


def test_the_adapter_leaves_a_step_that_went_through_alone():
    request = _request()
    with refused_to_message(request, "/back/") as refusal:
        pass
    assert refusal.response is None and not list(get_messages(request))


def test_without_a_form_any_invalid_value_is_answered_as_a_refusal():
    request = _request()
    with refused_to_message(request, "/back/") as refusal:
        raise ValidationError(["太早了。", "请确认。"])
    assert refusal.response.status_code == 302
    assert [m.message for m in get_messages(request)] == ["太早了。 请确认。"]


def test_with_a_form_a_refusal_redirects_and_a_wrong_value_goes_on_the_form():
    request = _request()
    form = NoteForm({"note": ""})
    form.is_valid()
    with refused_to_message(request, "/back/", form=form) as refusal:
        raise ActionRefused("已经办结。")
    assert refusal.response.status_code == 302 and not form.non_field_errors()
    with refused_to_message(request, "/back/", form=form) as refusal:
        raise ValidationError({"note": "写明理由。"})
    assert refusal.response is None
    assert form.non_field_errors() == ["写明理由。"]


def test_other_errors_are_not_swallowed():
    with pytest.raises(KeyError), refused_to_message(_request(), "/back/"):
        raise KeyError("bug")
