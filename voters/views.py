from datetime import timedelta
from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to, roster_rows
from liaison.activities.models import Visit
from liaison.core import excel, posters
from liaison.core.access import is_committee_staff, manages_network, manages_network_or_deputy, role_required
from liaison.core.errors import refused_response
from liaison.core.pagination import paginate
from liaison.core.permissions import can_reveal
from liaison.models import Station
from liaison.security import SecurityEvent, security_record
from liaison.selectors import stations_managed_by, stations_visible_to
from voters import throttle
from voters.filters import OpinionFilter, VoterFilter
from voters.forms import (
    AttachmentForm,
    CategoryForm,
    MergeForm,
    MonthForm,
    NoteForm,
    OpinionForm,
    PeriodForm,
    PublicOpinionForm,
    ResolveForm,
    ReturnVisitForm,
    TrackForm,
    TriageForm,
    VoterForm,
    WithdrawForm,
    bootstrap,
)
from voters.models import Attachment, Category, Opinion, OpinionEvent, PersonalDataExport, Route, Voter
from voters.selectors import (
    PersonalData,
    category_counts,
    consultation_groups,
    counts_by,
    default_period,
    first_of_month,
    open_age_buckets,
    opinion_get,
    opinion_rows,
    opinions_managed_by,
    opinions_visible_to,
    register_feedback,
    register_opinions,
    voters_managed_by,
    voters_visible_to,
)
from voters.services.intake import (
    AlreadyReceived,
    Throttled,
    online_intake_check,
    opinion_intake,
    opinion_intake_online,
    opinions_from_visit,
)
from voters.services.steps import (
    attachment_add,
    opinion_close,
    opinion_merge,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_start,
    opinion_triage,
    opinion_withdraw,
    voters_to_answer,
)
from voters.services.voters import personal_data_export_log, voter_update
from voters.similarity import similar_open_opinions
from voters.transitions import opinion_actions, opinion_refusal


def _posted(request):
    """The posted data, also when a form has nothing to fill in (an empty POST still means "do it")."""
    return request.POST if request.method == "POST" else None


# Lists ---------------------------------------------------------------------------------------------------


@role_required(manages_network_or_deputy)
def opinion_list(request):
    visible = opinions_visible_to(request.user)
    opinion_filter = OpinionFilter(request.GET, queryset=opinion_rows(visible), request=request)
    bootstrap(opinion_filter.form, small=True)
    opinions = opinion_filter.qs
    page = paginate(request, opinions)
    filtered = opinion_filter.qs.model.objects.filter(pk__in=opinions.values("pk"))
    context = {
        "filter": opinion_filter,
        "page": page,
        "people": PersonalData(request.user),
        "by_category": category_counts(filtered),
        "by_route": _labelled(counts_by(filtered, "route"), "route", Opinion._meta.get_field("route")),
        "ages": open_age_buckets(visible),
        "can_manage": manages_network(request.user),
    }
    return render(request, "voters/opinion_list.html", context)


def _labelled(rows, field_name, field):
    labels = dict(field.choices)
    return [
        (labels.get(row[field_name], _("Not triaged yet")), row[field_name], row["count"]) for row in rows
    ]


# Entering an opinion --------------------------------------------------------------------------------------


@role_required(manages_network)
def opinion_create_view(request):
    stations = stations_managed_by(request.user).filter(is_active=True)
    kept = {
        key: request.GET[key]
        for key in ("station", "channel", "deputy", "received_at")
        if request.GET.get(key)
    }
    form = OpinionForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        initial=kept,
        stations=stations,
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    similar = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            opinion = opinion_intake(actor=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opinion %(code)s recorded.") % {"code": opinion.tracking_code})
            if "another" in request.POST:
                setting = {
                    "station": data["station"].pk,
                    "channel": data["channel"],
                    "deputy": data["deputy"].pk if data["deputy"] else "",
                    "received_at": timezone.localtime(data["received_at"]).strftime("%Y-%m-%dT%H:%M"),
                }
                return redirect(f"{reverse('voters:create')}?{urlencode(setting)}")
            return redirect(opinion)
    elif form.is_bound and form.cleaned_data.get("station") and form.cleaned_data.get("content"):
        similar = similar_open_opinions(
            text=form.cleaned_data["content"], station=form.cleaned_data["station"]
        )
    return render(request, "voters/opinion_form.html", {"form": form, "similar": similar})


@require_GET
@role_required(manages_network)
def similar_view(request):
    """The hint shown while an opinion is typed: similar open opinions of this and neighbouring stations.
    Only code, status, station and a few words of text are shown: no personal data."""
    station = stations_managed_by(request.user).filter(pk=request.GET.get("station") or None).first()
    exclude = [int(pk) for pk in request.GET.getlist("exclude") if pk.isdigit()]
    similar = []
    if station is not None:
        similar = similar_open_opinions(
            text=request.GET.get("content", "")[:2000], station=station, exclude=exclude
        )
    managed = set(
        opinions_managed_by(request.user)
        .filter(pk__in=[o.pk for o, _s in similar])
        .values_list("pk", flat=True)
    )
    return render(request, "voters/similar.html", {"similar": similar, "managed": managed})


# One opinion ----------------------------------------------------------------------------------------------


@role_required(manages_network_or_deputy)
def opinion_detail(request, pk):
    return _opinion_page(request, opinion_get(request.user, pk))


@role_required(can_reveal)
def opinion_reveal(request, pk):
    """Show one voter of the opinion in full, for this response only, and log who saw whom (PIPL)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    opinion = opinion_get(request.user, pk)
    voter_id = request.POST.get("voter", "")
    voter = next((v for v in voters_to_answer(opinion) if str(v.pk) == voter_id), None)
    if voter is None or not voters_visible_to(request.user).filter(pk=voter.pk).exists():
        raise Http404
    _record_reveal(request, voter, opinion)
    return _opinion_page(request, opinion, revealed={voter.pk})


def _record_reveal(request, voter, opinion=None):
    security_record(
        SecurityEvent.Kind.PERSONAL_DATA_REVEALED,
        request=request,
        target=voter,
        detail=f"{opinion._meta.label} #{opinion.pk}" if opinion is not None else "",
    )


def _opinion_page(request, opinion, revealed=()):
    can_manage = opinions_managed_by(request.user).filter(pk=opinion.pk).exists()
    similar = []
    if can_manage and opinion.is_open:
        similar = similar_open_opinions(text=opinion.content, station=opinion.station, exclude=[opinion.pk])
    context = {
        "opinion": opinion,
        "actions": opinion_actions(opinion),
        "people": PersonalData(request.user, revealed=revealed),
        "can_manage": can_manage,
        "can_reveal": can_reveal(request.user),
        "voters": voters_to_answer(opinion),
        "similar": similar,
        "managed": {o.pk for o, _s in similar}
        & set(
            opinions_managed_by(request.user)
            .filter(pk__in=[o.pk for o, _s in similar])
            .values_list("pk", flat=True)
        ),
        "public_url": request.build_absolute_uri(reverse("voters:track", args=[opinion.tracking_code])),
        # The suggestions raised from it (suggestions.Suggestion.source_opinions).
        "suggestions": list(opinion.suggestions.all()),
    }
    return render(request, "voters/opinion_detail.html", context)


def _managed(request, pk):
    return get_object_or_404(opinion_rows(opinions_managed_by(request.user)), pk=pk)


def opinion_step_page(request, opinion, form, title, perform, success, script=None):
    """The shape every step of an opinion shares, here and in the suggestions app's steps on opinions: a
    form, a service, a message, back to the opinion."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(opinion)
    context = {"opinion": opinion, "form": form, "title": title, "people": PersonalData(request.user)}
    context["script"] = script
    return render(request, "voters/opinion_action.html", context)


@role_required(manages_network)
def opinion_triage_view(request, pk):
    opinion = _managed(request, pk)
    if "triage" not in opinion_actions(opinion):
        return _not_now(request, opinion, "triage")
    initial = {
        "route": opinion.route,
        "category": opinion.category,
        "suggested_level": opinion.suggested_level,
        "partner": opinion.partner,
        "handling_unit": opinion.handling_unit,
        "refusal_reason": opinion.refusal_reason,
        "reply": opinion.reply,
    }
    form = TriageForm(
        _posted(request),
        initial=initial,
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    if form.is_valid() and form.cleaned_data["route"] == Route.SUGGESTION:
        # The draft suggestion is the suggestions app's to open (it imports voters, never the reverse): the
        # same POST goes on to its page, the 307 keeping method and form.
        return HttpResponseRedirect(reverse("suggestions:from_triage", args=[opinion.pk]), status=307)
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Triage"),
        lambda data: opinion_triage(
            opinion=opinion,
            actor=request.user,
            **{name: value for name, value in data.items() if name != "lead_deputy"},
        ),
        _("Triage recorded."),
        script="voters/triage.js",
    )


@role_required(manages_network)
def opinion_start_view(request, pk):
    opinion = _managed(request, pk)
    if "start" not in opinion_actions(opinion):
        return _not_now(request, opinion, "start")
    form = NoteForm(_posted(request), submit=_("Start handling"))
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Start handling"),
        lambda data: opinion_start(opinion=opinion, actor=request.user, **data),
        _("Handling started."),
    )


@role_required(manages_network)
def opinion_resolve_view(request, pk):
    opinion = _managed(request, pk)
    if "resolve" not in opinion_actions(opinion):
        return _not_now(request, opinion, "resolve")
    form = ResolveForm(_posted(request), initial={"reply": opinion.reply})
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Mark resolved"),
        lambda data: opinion_resolve(opinion=opinion, actor=request.user, **data),
        _("Marked resolved; now tell the voter (return visit)."),
    )


@role_required(manages_network)
def opinion_return_visit_view(request, pk):
    opinion = _managed(request, pk)
    if "return_visit" not in opinion_actions(opinion):
        return _not_now(request, opinion, "return_visit")
    people = PersonalData(request.user)
    voters = voters_to_answer(opinion)
    form = ReturnVisitForm(
        _posted(request),
        voters=Voter.objects.filter(pk__in=[v.pk for v in voters]).order_by("pk"),
        voter_label=lambda voter: f"{people.name(voter) or '—'} {people.phone(voter)}",
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Return visit"),
        lambda data: opinion_record_return_visit(opinion=opinion, actor=request.user, **data),
        _("Return visit recorded."),
    )


@role_required(manages_network)
def opinion_close_view(request, pk):
    opinion = _managed(request, pk)
    if "close" not in opinion_actions(opinion):
        return _not_now(request, opinion, "close")
    form = NoteForm(_posted(request), submit=_("Close"))
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Close"),
        lambda data: opinion_close(opinion=opinion, actor=request.user, **data),
        _("Opinion closed."),
    )


@role_required(manages_network)
def opinion_withdraw_view(request, pk):
    opinion = _managed(request, pk)
    if "withdraw" not in opinion_actions(opinion):
        return _not_now(request, opinion, "withdraw")
    form = WithdrawForm(_posted(request))
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Withdraw"),
        lambda data: opinion_withdraw(opinion=opinion, actor=request.user, **data),
        _("Opinion withdrawn."),
    )


@role_required(manages_network)
def opinion_merge_view(request, pk):
    opinion = _managed(request, pk)
    if "merge" not in opinion_actions(opinion):
        return _not_now(request, opinion, "merge")
    form = MergeForm(
        _posted(request),
        initial={"into": request.GET.get("into", "")},
        opinions=opinions_managed_by(request.user).exclude(pk=opinion.pk),
    )
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Merge into another opinion"),
        lambda data: opinion_merge(
            duplicate=opinion, into=data["into"], actor=request.user, note=data["note"]
        ),
        _("Merged. Its voter will be answered with the opinion kept."),
    )


@role_required(manages_network)
def from_visit(request, pk):
    """The voters met during a logged visit become opinions, each linked to the visit."""
    visit = get_object_or_404(
        Visit.objects.filter(station__in=stations_managed_by(request.user)).select_related("station"), pk=pk
    )
    entries = visit.entries.filter(opinion__isnull=True).order_by("position", "pk")
    if request.method == "POST":
        created = opinions_from_visit(visit=visit, actor=request.user)
        messages.success(request, _("%(count)s opinions recorded from the visit.") % {"count": len(created)})
        return redirect(f"{reverse('voters:list')}?q=&station={visit.station_id}")
    recorded = opinion_rows(opinions_visible_to(request.user).filter(visit=visit))
    context = {"visit": visit, "entries": entries, "recorded": recorded}
    return render(request, "voters/from_visit.html", context)


@role_required(manages_network)
def attachment_add_view(request, pk):
    opinion = _managed(request, pk)
    if "attach" not in opinion_actions(opinion):
        return _not_now(request, opinion, "attach")
    form = AttachmentForm(_posted(request), request.FILES if request.method == "POST" else None)

    def perform(data):
        with transaction.atomic():
            for upload in data["files"]:
                attachment_add(opinion=opinion, upload=upload, actor=request.user)

    return opinion_step_page(request, opinion, form, _("Attach files"), perform, _("Files attached."))


def _not_now(request, opinion, step):
    return refused_response(request, opinion_refusal(opinion, step), opinion)


@role_required(manages_network_or_deputy)
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(opinion__in=opinions_visible_to(request.user)), pk=pk
    )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    # The stored kind was read from the content; never let the browser guess another one.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Monthly consultation and registers ----------------------------------------------------------------------


@role_required(manages_network)
def consultation(request):
    form = MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_valid() else first_of_month(timezone.localdate())
    groups = consultation_groups(request.user, month)
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    context = {
        "form": form,
        "month": month,
        "groups": groups,
        "total": sum(len(level["opinions"]) for group in groups for level in group["levels"]),
        "previous": previous,
        "following": following,
    }
    return render(request, "voters/consultation.html", context)


def _period(request):
    stations = stations_managed_by(request.user)
    start, end = default_period()
    form = PeriodForm(request.GET or None, stations=stations, initial={"start": start, "end": end})
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        station = form.cleaned_data["station"]
    else:
        station = None
    return form, start, end, station


@role_required(manages_network)
def register(request):
    form, start, end, station = _period(request)
    opinions = (
        register_opinions(request.user, start, end, station) if not form.errors else Opinion.objects.none()
    )
    context = {"form": form, "start": start, "end": end, "station": station, "opinions": opinions}
    context["people"] = PersonalData(request.user)
    return render(request, "voters/register.html", context)


@role_required(manages_network)
def feedback(request):
    form, start, end, station = _period(request)
    visits = register_feedback(request.user, start, end, station) if not form.errors else []
    context = {"form": form, "start": start, "end": end, "station": station, "visits": visits}
    context["people"] = PersonalData(request.user)
    return render(request, "voters/feedback.html", context)


REGISTER_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Received at"),
    gettext_lazy("Tracking code"),
    gettext_lazy("Station"),
    gettext_lazy("Channel"),
    gettext_lazy("Voter"),
    gettext_lazy("Phone"),
    gettext_lazy("Community or village"),
    gettext_lazy("Address"),
    gettext_lazy("Receiving deputy"),
    gettext_lazy("Category"),
    gettext_lazy("Content"),
    gettext_lazy("Location"),
    gettext_lazy("Route"),
    gettext_lazy("Status"),
    gettext_lazy("Answer for the voter"),
]


@role_required(manages_network)
def register_export(request):
    form, start, end, station = _period(request)
    if form.errors:
        return redirect(f"{reverse('voters:register')}?{request.GET.urlencode()}")
    people = PersonalData(request.user)
    rows = []
    for number, opinion in enumerate(
        register_opinions(request.user, start, end, station).iterator(chunk_size=500), 1
    ):
        voter = opinion.voter
        rows.append(
            [
                number,
                timezone.localtime(opinion.received_at).strftime("%Y-%m-%d %H:%M"),
                opinion.tracking_code,
                opinion.station.name,
                opinion.get_channel_display(),
                people.name(voter),
                people.phone(voter),
                voter.community if voter else "",
                people.address(voter),
                opinion.deputy.name if opinion.deputy_id else "",
                str(opinion.category) if opinion.category_id else "",
                opinion.content,
                opinion.location,
                opinion.get_route_display(),
                opinion.get_status_display(),
                opinion.reply,
            ]
        )
    return _register_workbook(
        request,
        what="opinions_register",
        title=_("Opinions register"),
        headers=REGISTER_HEADERS,
        rows=rows,
        widths=[6, 16, 12, 20, 10, 10, 14, 14, 24, 10, 10, 60, 20, 20, 10, 40],
        period=(start, end, station),
        filename=_("opinions-register-%(start)s-%(end)s.xlsx") % {"start": start, "end": end},
    )


FEEDBACK_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Return visit at"),
    gettext_lazy("Tracking code"),
    gettext_lazy("Station"),
    gettext_lazy("Received at"),
    gettext_lazy("Voter"),
    gettext_lazy("Phone"),
    gettext_lazy("How"),
    gettext_lazy("By"),
    gettext_lazy("Deputy present"),
    gettext_lazy("Content"),
    gettext_lazy("Answer for the voter"),
    gettext_lazy("Voter's satisfaction"),
    gettext_lazy("What the voter said"),
]


@role_required(manages_network)
def feedback_export(request):
    form, start, end, station = _period(request)
    if form.errors:
        return redirect(f"{reverse('voters:feedback')}?{request.GET.urlencode()}")
    people = PersonalData(request.user)
    rows = []
    for number, visit in enumerate(
        register_feedback(request.user, start, end, station).iterator(chunk_size=500), 1
    ):
        opinion = visit.opinion
        voter = visit.voter
        rows.append(
            [
                number,
                timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M"),
                opinion.tracking_code,
                opinion.station.name,
                timezone.localtime(opinion.received_at).strftime("%Y-%m-%d"),
                people.name(voter),
                people.phone(voter),
                visit.get_method_display(),
                str(visit.visited_by or ""),
                visit.deputy.name if visit.deputy_id else "",
                opinion.content,
                opinion.reply,
                visit.get_satisfaction_display(),
                visit.note,
            ]
        )
    return _register_workbook(
        request,
        what="feedback_register",
        title=_("Feedback register"),
        headers=FEEDBACK_HEADERS,
        rows=rows,
        widths=[6, 16, 12, 20, 12, 10, 14, 10, 10, 10, 50, 40, 12, 40],
        period=(start, end, station),
        filename=_("feedback-register-%(start)s-%(end)s.xlsx") % {"start": start, "end": end},
    )


def _register_workbook(request, *, what, title, headers, rows, widths, period, filename):
    """One register as a workbook, its export of personal data logged."""
    workbook = excel.new_workbook()
    excel.add_table_sheet(workbook, title, [str(header) for header in headers], rows, widths=widths)
    _log_export(request, what, *period, len(rows))
    return excel.workbook_response(workbook, filename)


def _log_export(request, what, start, end, station, count):
    personal_data_export_log(
        actor=request.user,
        what=what,
        parameters={"start": str(start), "end": str(end), "station": station.pk if station else None},
        row_count=count,
        unmasked=False,
        address=get_client_ip_address(request),
    )


# Voters --------------------------------------------------------------------------------------------------


@role_required(manages_network)
def voter_list(request):
    voter_filter = VoterFilter(
        request.GET, queryset=voters_managed_by(request.user).select_related("station"), request=request
    )
    bootstrap(voter_filter.form, small=True)
    page = paginate(request, voter_filter.qs)
    context = {"filter": voter_filter, "page": page, "people": PersonalData(request.user)}
    return render(request, "voters/voter_list.html", context)


@role_required(manages_network)
def voter_export(request):
    voter_filter = VoterFilter(
        request.GET, queryset=voters_managed_by(request.user).select_related("station"), request=request
    )
    people = PersonalData(request.user)
    rows = [
        [
            voter.pk,
            people.name(voter),
            people.phone(voter),
            voter.community,
            people.address(voter),
            voter.constituency,
            _("Yes") if voter.consent else _("No"),
            voter.station.name,
        ]
        for voter in voter_filter.qs.iterator(chunk_size=500)
    ]
    headers = [_("No."), _("Name"), _("Phone"), _("Community or village"), _("Address"), _("Constituency")]
    headers += [_("Consents to be contacted"), _("Station")]
    workbook = excel.new_workbook()
    excel.add_table_sheet(workbook, _("Voters"), headers, rows, widths=[8, 10, 14, 16, 30, 14, 10, 24])
    personal_data_export_log(
        actor=request.user,
        what="voters",
        parameters={"q": request.GET.get("q", "")},
        row_count=len(rows),
        unmasked=False,
        address=get_client_ip_address(request),
    )
    return excel.workbook_response(workbook, _("voters-%(date)s.xlsx") % {"date": timezone.localdate()})


@role_required(manages_network)
def voter_detail(request, pk):
    return _voter_page(request, _managed_voter(request, pk))


@role_required(can_reveal)
def voter_reveal(request, pk):
    """Show this voter's name, phone and address in full, for this response only; logged (PIPL)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    voter = _managed_voter(request, pk)
    _record_reveal(request, voter)
    return _voter_page(request, voter, revealed={voter.pk})


def _managed_voter(request, pk):
    return get_object_or_404(voters_managed_by(request.user).select_related("station"), pk=pk)


def _voter_page(request, voter, revealed=()):
    opinions = opinion_rows(opinions_visible_to(request.user).filter(voter=voter)).order_by("-received_at")
    context = {
        "voter": voter,
        "opinions": opinions,
        "people": PersonalData(request.user, revealed=revealed),
        "can_reveal": can_reveal(request.user),
    }
    return render(request, "voters/voter_detail.html", context)


@role_required(manages_network)
def voter_edit(request, pk):
    voter = get_object_or_404(voters_managed_by(request.user), pk=pk)
    form = VoterForm(_posted(request), instance=voter)
    if form.is_valid():
        try:
            voter_update(voter=voter, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(voter)
    return render(request, "voters/voter_form.html", {"form": form, "voter": voter})


@role_required(is_committee_staff)
def export_log(request):
    page = paginate(request, PersonalDataExport.objects.select_related("actor"))
    return render(request, "voters/export_log.html", {"page": page})


# Categories (committee staff keep the list) ----------------------------------------------------------------


@role_required(manages_network)
def category_list(request):
    categories = Category.objects.all()
    return render(request, "voters/category_list.html", {"categories": categories})


@role_required(is_committee_staff)
def category_edit(request, pk=None):
    category = get_object_or_404(Category, pk=pk) if pk else Category()
    form = CategoryForm(_posted(request), instance=category)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("voters:categories")
    return render(request, "voters/category_form.html", {"form": form, "category": category})


# The station's QR code for the public form -----------------------------------------------------------------


@role_required(manages_network)
def station_qr(request, pk):
    station = get_object_or_404(stations_visible_to(request.user), pk=pk)
    # The station's one A4 poster (码上找代表): its notice board and this form, as the public pages offer it.
    return posters.station_poster(request, station, back_url=station.get_absolute_url())


# Public pages, no account ---------------------------------------------------------------------------------


@never_cache
def public_station(request, pk):
    station = get_object_or_404(Station, pk=pk, is_active=True)
    return _public_form(request, station=station, deputy=None)


@never_cache
def public_deputy(request, token):
    deputy = get_object_or_404(roster_rows(Deputy.objects.filter(is_active=True)), public_token=token)
    stations = [s.station for s in deputy.current_stationings if s.station.is_active]
    if not stations:
        raise Http404
    return _public_form(request, station=stations[0], deputy=deputy)


def _public_form(request, *, station, deputy):
    form = PublicOpinionForm(_posted(request), request.FILES if request.method == "POST" else None)
    context = {"form": form, "station": station, "deputy": deputy}
    if request.method != "POST":
        return render(request, "voters/public_form.html", context)
    if form.data.get("website"):
        # A robot filled in the hidden field: thank it and keep nothing.
        return render(request, "voters/public_thanks.html", context)
    address = get_client_ip_address(request)
    try:
        online_intake_check(address=address)
        if not form.is_valid():
            return render(request, "voters/public_form.html", context)
        data = form.cleaned_data
        opinion = opinion_intake_online(
            station=station,
            deputy=deputy,
            address=address,
            content=data["content"],
            location=data["location"],
            name=data["name"],
            phone=data["phone"],
            community=data["community"],
            consent=data["consent"],
            files=data["files"],
        )
    except AlreadyReceived as duplicate:
        messages.info(request, duplicate.messages[0])
        if duplicate.earlier is not None:
            return redirect("voters:track", code=duplicate.earlier.tracking_code)
        return render(request, "voters/public_form.html", context, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        status = 429 if isinstance(error, Throttled) else 200
        return render(request, "voters/public_form.html", context, status=status)
    request.session["voters_submitted"] = opinion.tracking_code
    return redirect("voters:track", code=opinion.tracking_code)


PUBLIC_EVENTS = {
    OpinionEvent.Kind.RECEIVED,
    OpinionEvent.Kind.TRIAGED,
    OpinionEvent.Kind.STARTED,
    OpinionEvent.Kind.RESOLVED,
    OpinionEvent.Kind.ANSWERED,
    OpinionEvent.Kind.CLOSED,
    OpinionEvent.Kind.WITHDRAWN,
    OpinionEvent.Kind.MERGED,
}


@never_cache
def track_lookup(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("voters:track", code=form.cleaned_data["code"])
    return render(request, "voters/public_track_lookup.html", {"form": form})


@never_cache
def track(request, code):
    """What a voter sees with the tracking code: the steps and the answer, no names, phones or text."""
    address = get_client_ip_address(request)
    if throttle.over_limit("lookup", address):
        return render(request, "voters/public_busy.html", status=429)
    throttle.count("lookup", address)
    opinion = get_object_or_404(
        Opinion.objects.select_related("station", "category", "merged_into"), tracking_code=code.upper()
    )
    followed = opinion.merged_into or opinion
    events = [event for event in followed.events.order_by("at", "pk") if event.kind in PUBLIC_EVENTS]
    context = {
        "opinion": opinion,
        "followed": followed,
        "events": events,
        "just_submitted": request.session.get("voters_submitted") == opinion.tracking_code,
        "track_url": request.build_absolute_uri(reverse("voters:track", args=[opinion.tracking_code])),
    }
    return render(request, "voters/public_track.html", context)
