"""Staff's pages of sessions and meetings: the list, recording one, its page (roll, 列席, speeches), the
roll on one page and from Excel (assessments/sittings.py)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Seat, Sitting
from assessments.selectors import (
    deputies_for_topic,
    seats_of,
    sitting_get,
    sitting_list,
    speech_get,
    speeches_of,
)
from assessments.sitting_forms import InviteForm, RollForm, RollImportForm, SittingForm, SpeechForm, TopicForm
from assessments.sittings import (
    ROLL_COLUMNS,
    RollEntry,
    eligible_deputies,
    sitting_change,
    sitting_invite,
    sitting_record,
    sitting_roll_import,
    sitting_roll_save,
    speech_add,
    speech_remove,
)
from liaison.core import excel
from liaison.core.access import is_committee_staff, role_required
from liaison.core.errors import refused_to_message
from liaison.core.imports import ImportProblems, template_workbook
from liaison.core.pagination import paginate

staff_only = role_required(is_committee_staff)


@staff_only
def sitting_list_view(request):
    sittings = sitting_list(request.user)
    kind = request.GET.get("kind", "")
    if kind in Sitting.Kind.values:
        sittings = sittings.filter(kind=kind)
    year = request.GET.get("year", "")
    if year.isdigit():
        sittings = sittings.filter(starts_on__year=int(year))
    query = request.GET.get("q", "").strip()
    if query:
        sittings = sittings.filter(Q(title__icontains=query) | Q(note__icontains=query))
    context = {
        "page": paginate(request, sittings.order_by("-starts_on", "-pk")),
        "kinds": Sitting.Kind.choices,
        "kind": kind,
        "year": year,
        "q": query,
    }
    return render(request, "assessments/sitting_list.html", context)


@staff_only
def sitting_form_view(request, pk=None):
    sitting = sitting_get(request.user, pk) if pk else None
    form = SittingForm(request.POST or None, instance=sitting)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        with refused_to_message(request, "assessments:sittings", form=form) as refusal:
            if sitting is None:
                sitting = sitting_record(actor=request.user, **fields)
            else:
                sitting = sitting_change(sitting=sitting, actor=request.user, **fields)
            messages.success(request, _("Saved."))
            return redirect(sitting)
        if refusal.response:
            return refusal.response
    title = _("Change the session or meeting") if sitting else _("Record a session or meeting")
    return render(request, "form_page.html", {"form": form, "title": title, "back": sitting})


@staff_only
def sitting_detail(request, pk):
    sitting = sitting_get(request.user, pk)
    seats = list(seats_of(sitting))
    eligible = eligible_deputies(sitting, request.user)
    topic_form = TopicForm(request.GET or None)
    suggested = []
    if topic_form.is_valid():
        seated = {seat.deputy_id for seat in seats}
        suggested = [
            (deputy, count)
            for deputy, count in deputies_for_topic(
                eligible, topic_form.cleaned_data["topic"], topic_form.cleaned_data["category"]
            )
            if deputy.pk not in seated
        ]
    invite_form = InviteForm(
        deputies=eligible,
        initial={
            "topic": topic_form.cleaned_data["topic"] if topic_form.is_valid() else "",
            "deputies": [deputy.pk for deputy, _count in suggested],
        },
    )
    present = [seat.deputy_id for seat in seats if seat.attendance == Seat.Attendance.PRESENT]
    speech_form = SpeechForm(deputies=eligible.filter(pk__in=present))
    counts = dict.fromkeys(Seat.Attendance.values, 0)
    for seat in seats:
        counts[seat.attendance] += 1
    context = {
        "sitting": sitting,
        "members": [seat for seat in seats if seat.role == Seat.Role.MEMBER],
        "invited": [seat for seat in seats if seat.role == Seat.Role.INVITED],
        "counts": counts,
        "speeches": speeches_of(sitting),
        "events": sitting.events.select_related("actor"),
        "topic_form": topic_form,
        "suggested": suggested,
        "invite_form": invite_form,
        "speech_form": speech_form,
        "import_form": RollImportForm(),
    }
    return render(request, "assessments/sitting_detail.html", context)


@staff_only
def sitting_roll(request, pk):
    sitting = sitting_get(request.user, pk)
    deputies = eligible_deputies(sitting, request.user).order_by("name_pinyin", "pk")
    form = RollForm(request.POST or None, deputies=deputies, seats=seats_of(sitting))
    if request.method == "POST" and form.is_valid():
        entries = [RollEntry(*entry) for entry in form.entries()]
        with refused_to_message(request, sitting) as refusal:
            added, changed, removed = sitting_roll_save(sitting=sitting, actor=request.user, entries=entries)
            messages.success(
                request,
                _("Roll saved: %(added)s added, %(changed)s changed, %(removed)s taken off.")
                % {"added": added, "changed": changed, "removed": removed},
            )
        return refusal.response or redirect(sitting)
    return render(request, "assessments/sitting_roll.html", {"sitting": sitting, "form": form})


@staff_only
def sitting_roll_import_view(request, pk):
    sitting = sitting_get(request.user, pk)
    form = RollImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with refused_to_message(request, sitting, form=form) as refusal:
            try:
                added, changed = sitting_roll_import(
                    sitting=sitting, actor=request.user, data=upload.read(), filename=upload.name
                )
            except ImportProblems as error:
                problems = error.problems
            else:
                messages.success(
                    request,
                    _("Roll imported: %(added)s added, %(changed)s changed.")
                    % {"added": added, "changed": changed},
                )
                return redirect(sitting)
        if refusal.response:
            return refusal.response
    context = {"sitting": sitting, "form": form, "problems": problems}
    return render(request, "assessments/sitting_roll_import.html", context)


@staff_only
def sitting_roll_template(request, pk):
    sitting = sitting_get(request.user, pk)
    workbook = template_workbook(_("Roll"), ROLL_COLUMNS)
    return excel.workbook_response(workbook, _("roll-%(pk)s.xlsx") % {"pk": sitting.pk})


@require_POST
@staff_only
def sitting_invite_view(request, pk):
    sitting = sitting_get(request.user, pk)
    form = InviteForm(request.POST, deputies=eligible_deputies(sitting, request.user))
    if not form.is_valid():
        messages.error(request, _("Give a topic and choose the deputies to invite."))
        return redirect(sitting)
    with refused_to_message(request, sitting) as refusal:
        count = sitting_invite(
            sitting=sitting,
            actor=request.user,
            deputies=form.cleaned_data["deputies"],
            topic=form.cleaned_data["topic"],
        )
        messages.success(request, _("%(count)s deputies invited to sit in.") % {"count": count})
    return refusal.response or redirect(sitting)


@require_POST
@staff_only
def speech_add_view(request, pk):
    sitting = sitting_get(request.user, pk)
    form = SpeechForm(request.POST, deputies=eligible_deputies(sitting, request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a deputy present and give the speech's topic."))
        return redirect(sitting)
    with refused_to_message(request, sitting) as refusal:
        speech_add(sitting=sitting, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Speech added."))
    return refusal.response or redirect(sitting)


@require_POST
@staff_only
def speech_remove_view(request, pk):
    speech = speech_get(request.user, pk)
    with refused_to_message(request, speech.sitting) as refusal:
        speech_remove(speech=speech, actor=request.user)
        messages.success(request, _("Speech removed."))
    return refusal.response or redirect(speech.sitting)
