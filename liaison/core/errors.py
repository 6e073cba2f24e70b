"""A step that is refused, and how a page answers it: one error type for every service, one adapter for views.

A service raises `ActionRefused` when a step cannot be taken now: the record is in another state, a date has
passed, or the step is not this person's to take. Its message says why, translated, in words for the person
who tried. It is a `ValidationError`, so a form shows it as it is (`form.add_error(None, error)`) and the
admin and imports that catch validation errors keep working.

Views hand the refusal to `refused_to_message` (or, for a check made before calling, `refused_response`):
a page gets the reason as an error message and a redirect; a request that wants JSON, or comes from htmx,
gets 409 with the reason."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect


class ActionRefused(ValidationError):
    """This step cannot be taken now; the message says why."""

    def __init__(self, message, code="refused", params=None):
        super().__init__(message, code=code, params=params)


def _text(reason):
    if isinstance(reason, ValidationError):
        return " ".join(str(message) for message in reason.messages)
    return str(reason)


def _wants_json(request):
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def refused_response(request, reason, redirect_to):
    """The answer to a refused step. `reason` is an ActionRefused (or any ValidationError) or a message;
    `redirect_to` is what `redirect()` takes: the page the person came from, usually the record's own."""
    text = _text(reason)
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")
    if _wants_json(request):
        return JsonResponse({"refused": text}, status=409)
    messages.error(request, text)
    return redirect(redirect_to)


class Refusal:
    """What `refused_to_message` leaves for the view: `response` is set when the step was refused."""

    response = None


@contextmanager
def refused_to_message(request, redirect_to, *, form=None):
    """Run a service step in the block; when it is refused, keep the answer in `refusal.response`:

        with refused_to_message(request, activity) as refusal:
            activity_publish(activity=activity, actor=request.user)
            messages.success(request, _("Published."))
        return refusal.response or redirect(activity)

    With a `form`, only `ActionRefused` is answered so; any other ValidationError is a value to correct and
    goes on the form (`refusal.response` stays None and the view shows the form again). Without one there
    is nothing to correct on the page, so any ValidationError is answered as a refusal."""
    refusal = Refusal()
    try:
        yield refusal
    except ActionRefused as error:
        refusal.response = refused_response(request, error, redirect_to)
    except ValidationError as error:
        if form is None:
            refusal.response = refused_response(request, error, redirect_to)
        else:
            form.add_error(None, error.messages)
