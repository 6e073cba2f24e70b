from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.archive import archive_build, archive_period, archive_workbook, profile_rows
from assessments.commendations import excellent_mark
from assessments.derivation import derive
from assessments.exports import job_params, report_filename
from assessments.forms import (
    ArchiveForm,
    DecisionForm,
    DutyRecordForm,
    PeriodForm,
    ReportForm,
    ResultsFilterForm,
    RuleSetForm,
)
from assessments.models import Commendation, DutyKind, DutyRecord, ExportJob
from assessments.periods import Period, year_period
from assessments.report_figures import activities, opinions, scope_for, suggestions, visits
from assessments.reports import quarterly_workbook
from assessments.rules import rules_for, ruleset_ensure
from assessments.scoring import assign_ranks, compute_scores, excellent_candidates, year_scores
from assessments.selectors import (
    deputy_for_score,
    duty_record_get,
    duty_records_visible_to,
    export_jobs_of,
    group_members,
    notice_groups,
    scored_deputies,
)
from assessments.services import (
    duty_record_approve,
    duty_record_enter,
    duty_record_reject,
    duty_record_withdraw,
    export_job_create,
    may_decide,
    may_withdraw,
    results_publish,
    ruleset_update,
    scores_freeze,
)
from assessments.sheets import SheetWriter
from deputies.selectors import deputies_managed_by, deputies_visible_to
from liaison.core import excel
from liaison.core.access import (
    is_committee_staff,
    is_deployment_staff,
    is_deputy,
    manages_network,
    manages_network_or_deputy,
    role_required,
)
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.params import whole_number
from liaison.selectors import stations_visible_to

# A workbook estimated larger than this is built by a worker and offered for download when ready.
EXPORT_SYNC_MAX_ROWS = 3000


def _year(request, name="year"):
    today = timezone.localdate()
    try:
        year = int(request.GET.get(name) or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@role_required(manages_network_or_deputy)
def index(request):
    if request.user.is_deputy:
        return redirect("assessments:my_score")
    pending = duty_records_visible_to(request.user).filter(status=DutyRecord.Status.PENDING).count()
    return render(request, "assessments/index.html", {"pending": pending, "year": timezone.localdate().year})


@role_required(is_deputy)
def my_score(request):
    deputy = getattr(request.user, "deputy", None)
    if deputy is None:
        raise Http404
    return redirect("assessments:deputy_score", pk=deputy.pk)


@role_required(manages_network_or_deputy)
def deputy_score(request, pk):
    """A deputy's score at any time of the year: what it is made of and which minimums are still missed."""
    deputy = deputy_for_score(request.user, pk)
    year = _year(request)
    scores, rules = year_scores(deputies_visible_to(request.user).filter(pk=deputy.pk), year)
    score = scores[0] if scores else None
    records = (
        duty_records_visible_to(request.user)
        .filter(deputy=deputy, date__year=year)
        .exclude(status=DutyRecord.Status.WITHDRAWN)
        .order_by("-date", "-pk")
    )
    breakdown = []
    if score:
        for kind in DutyKind:
            if kind.value in score.points or kind.value in score.units:
                breakdown.append(
                    {
                        "label": kind.label,
                        "units": score.units.get(kind.value, 0),
                        "each": rules.points_for(kind.value),
                        "cap": rules.caps.get(kind.value),
                        "points": score.points_of(kind.value),
                    }
                )
    context = {
        "deputy": deputy,
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "score": score,
        "rules": rules,
        "breakdown": breakdown,
        "page": paginate(request, records),
        "is_own": deputy.user_id == request.user.pk,
    }
    return render(request, "assessments/deputy_score.html", context)


def _archive(request, pk):
    deputy = deputy_for_score(request.user, pk)
    form = ArchiveForm(request.GET or None, deputy=deputy)
    year, mandate = None, None
    if form.is_bound and form.is_valid():
        year, mandate = form.cleaned_data.get("year"), form.cleaned_data.get("mandate")
    period, title = archive_period(deputy, year=year, mandate=mandate)
    return archive_build(deputy, period, title), form


@role_required(manages_network_or_deputy)
def archive(request, pk):
    built, form = _archive(request, pk)
    context = {"archive": built, "form": form, "profile": profile_rows(built.deputy)}
    return render(request, "assessments/archive.html", context)


@role_required(manages_network_or_deputy)
def archive_export(request, pk):
    built, _form = _archive(request, pk)
    filename = _("duty-archive-%(name)s-%(start)s-%(end)s.xlsx") % {
        "name": built.deputy.name,
        "start": built.period.start,
        "end": built.period.end,
    }
    return excel.workbook_response(archive_workbook(built), filename)


# --- Duty records entered with evidence ---------------------------------------------------------------


@role_required(manages_network)
def record_list(request):
    records = duty_records_visible_to(request.user).filter(source=DutyRecord.Source.MANUAL)
    status = request.GET.get("status", DutyRecord.Status.PENDING)
    if status in DutyRecord.Status.values:
        records = records.filter(status=status)
    counts = dict(
        duty_records_visible_to(request.user)
        .filter(source=DutyRecord.Source.MANUAL)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tabs = [(value, label, counts.get(value, 0)) for value, label in DutyRecord.Status.choices]
    context = {
        "page": paginate(request, records.order_by("-created_at", "-pk")),
        "status": status,
        "tabs": tabs,
    }
    return render(request, "assessments/record_list.html", context)


@role_required(manages_network)
def record_create(request):
    form = DutyRecordForm(
        request.POST or None,
        request.FILES or None,
        deputies=deputies_managed_by(request.user).filter(is_active=True),
        may_set_points=request.user.is_committee_staff,
        initial={"date": timezone.localdate()},
    )
    if form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name in form.fields}
        try:
            record = duty_record_enter(actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if record.status == DutyRecord.Status.APPROVED:
                messages.success(request, _("The duty is recorded."))
            else:
                messages.success(request, _("The duty is recorded and waits for staff approval."))
            return redirect(record)
    return render(request, "assessments/record_form.html", {"form": form})


@role_required(manages_network_or_deputy)
def record_detail(request, pk):
    record = duty_record_get(request.user, pk)
    context = {
        "record": record,
        "may_decide": may_decide(request.user) and record.can_be_decided,
        "may_withdraw": record.can_be_withdrawn and may_withdraw(request.user, record),
        "form": DecisionForm(),
    }
    return render(request, "assessments/record_detail.html", context)


@role_required(manages_network_or_deputy)
def record_evidence(request, pk):
    """The evidence of an entry, for those who may see the record (never a public file address)."""
    record = duty_record_get(request.user, pk)
    if not record.evidence:
        raise Http404
    name = record.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=name)


@require_POST
@role_required(manages_network)
def record_decide(request, pk):
    record = duty_record_get(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do."))
        return redirect(record)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    steps = {
        "approve": (duty_record_approve, may_decide(request.user), _("Approved.")),
        "reject": (duty_record_reject, may_decide(request.user), _("Rejected.")),
        "withdraw": (duty_record_withdraw, may_withdraw(request.user, record), _("Withdrawn.")),
    }
    service, permitted, done = steps[action]
    if not permitted:
        raise PermissionDenied
    with refused_to_message(request, record) as refusal:
        service(record=record, actor=request.user, note=note)
        messages.success(request, done)
    return refusal.response or redirect(record)


# --- Rules -------------------------------------------------------------------------------------------


@role_required(is_committee_staff)
def rules_current(request):
    return redirect("assessments:rules", year=timezone.localdate().year)


@role_required(is_committee_staff)
def rules_edit(request, year):
    """Staff edit the rules of their own level (the whole deployment for staff of none): a level that set
    none shows the rules it inherits, marked so, and saving makes them its own. A level above is never
    written from here, so staff of a street cannot change their district's."""
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    level = request.user.jurisdiction
    rules = rules_for(year, level)
    ruleset = rules.ruleset
    inherited = ruleset.jurisdiction_id != (level.pk if level else None) or not ruleset.pk
    form = RuleSetForm(request.POST or None, instance=ruleset, rules=rules)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RuleSetForm.Meta.fields}
        try:
            # The level's own rows are made on saving only (GET never writes).
            own = ruleset_ensure(year, level)
            ruleset_update(ruleset=own, fields=fields, kind_rules=form.kind_rules(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The rules of %(year)s are saved; scores follow at once.") % {"year": year}
            )
            return redirect("assessments:rules", year=year)
    context = {"form": form, "ruleset": ruleset, "year": year, "level": level, "inherited": inherited}
    return render(request, "assessments/rules_form.html", context)


@require_POST
@role_required(is_committee_staff)
def derive_now(request):
    year = _year(request) if request.GET.get("year") else timezone.localdate().year
    result = derive(year_period(year))
    messages.success(
        request,
        _(
            "Duty records of %(year)s brought up to date: %(created)s new, %(updated)s corrected, %(deleted)s removed."
        )
        % {"year": year, "created": result.created, "updated": result.updated, "deleted": result.deleted},
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("assessments:index")
    return redirect(target)


# --- Quarterly notice per group (通报, seed 003) ------------------------------------------------------


def _notice(request):
    groups = notice_groups(request.user)
    group = None
    if request.GET.get("group"):
        group = get_object_or_404(groups, pk=whole_number(request.GET["group"]))
    form = PeriodForm(request.GET if "span" in request.GET else None)
    period = form.period()
    scores = []
    if group is not None:
        deputies = group_members(group)
        year_to_date = Period(year_period(period.year).start, period.end)
        scores = assign_ranks(compute_scores(deputies, period=period, minimums_period=year_to_date))
    kinds = [kind for kind in DutyKind if any(kind.value in score.points for score in scores)]
    return {
        "groups": groups,
        "group": group,
        "form": form,
        "period": period,
        "scores": scores,
        "kinds": kinds,
    }


@role_required(manages_network)
def notice(request):
    context = _notice(request)
    for score in context["scores"]:
        score.kind_points = [score.points_of(kind.value) for kind in context["kinds"]]
    return render(request, "assessments/notice.html", context)


@role_required(manages_network)
def notice_export(request):
    context = _notice(request)
    group, period, kinds = context["group"], context["period"], context["kinds"]
    if group is None:
        return redirect("assessments:notice")
    workbook = excel.new_workbook()
    caption = _("Score notice of %(group)s · %(period)s") % {"group": group.name, "period": period.label}
    sheet = SheetWriter(
        workbook,
        _("Score notice"),
        caption,
        [
            _("Rank"),
            _("Deputy"),
            *(kind.label for kind in kinds),
            _("Total"),
            _("Minimums met"),
            _("Minimums missed (year to date)"),
        ],
        widths=[6, 10, *([10] * len(kinds)), 8, 10, 40],
    )
    for score in context["scores"]:
        sheet.row(
            [
                score.rank,
                score.deputy.name,
                *(float(score.points_of(kind.value)) for kind in kinds),
                float(score.total),
                _("yes") if not score.missed else _("no"),
                score.missed_labels,
            ]
        )
    sheet.close()
    filename = _("score-notice-%(group)s-%(period)s.xlsx") % {"group": group.name, "period": period.label}
    return excel.workbook_response(workbook, filename)


# --- Year-end results --------------------------------------------------------------------------------


@role_required(manages_network)
def year_results(request):
    groups = notice_groups(request.user)
    form = ResultsFilterForm(request.GET or None, groups=groups)
    year, level, group = timezone.localdate().year, "", None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data.get("year") or year
        level = form.cleaned_data.get("level") or ""
        group = form.cleaned_data.get("group")
    deputies = scored_deputies(request.user)
    if level:
        deputies = deputies.filter(mandates__level=level).distinct()
    if group is not None:
        deputies = deputies.filter(deputy_groups=group)
    scores, rules = year_scores(deputies, year)
    ranked = assign_ranks(scores)
    below = [score for score in ranked if score.missed]
    candidates = excellent_candidates(ranked, rules.ruleset)
    selected = set(
        Commendation.objects.filter(
            year=year, kind=Commendation.Kind.DEPUTY, status=Commendation.Status.SELECTED
        ).values_list("deputy_id", flat=True)
    )
    context = {
        "form": form,
        "year": year,
        "ranked": ranked,
        "below": below,
        "candidates": candidates,
        "candidate_ids": {score.deputy.pk for score in candidates},
        "selected": selected,
        "ruleset": rules.ruleset,
        "may_decide": request.user.is_committee_staff,
        # A year is frozen and published for the whole deployment at once (its row holds both).
        "may_freeze": is_deployment_staff(request.user),
    }
    return render(request, "assessments/year_results.html", context)


@require_POST
@role_required(is_committee_staff)
def excellent_select(request):
    try:
        year = int(request.POST.get("year"))
    except (TypeError, ValueError):
        raise Http404 from None
    deputy = get_object_or_404(scored_deputies(request.user), pk=whole_number(request.POST.get("deputy")))
    results = f"{reverse('assessments:results')}?year={year}"
    with refused_to_message(request, results) as refusal:
        excellent_mark(
            year=year, deputy=deputy, actor=request.user, selected=request.POST.get("selected") == "1"
        )
        messages.success(request, _("The selection is saved."))
    return refusal.response or redirect(results)


@require_POST
@role_required(is_deployment_staff)
def results_publish_view(request):
    try:
        year = int(request.POST.get("year"))
    except (TypeError, ValueError):
        raise Http404 from None
    publish = request.POST.get("publish") == "1"
    results = f"{reverse('assessments:results')}?year={year}"
    with refused_to_message(request, results) as refusal:
        results_publish(year=year, actor=request.user, publish=publish)
        if publish:
            messages.success(
                request, _("The results of %(year)s are published on the public pages.") % {"year": year}
            )
        else:
            messages.success(
                request, _("The results of %(year)s are taken off the public pages.") % {"year": year}
            )
    return refusal.response or redirect(results)


@require_POST
@role_required(is_deployment_staff)
def results_freeze(request):
    try:
        year = int(request.POST.get("year"))
    except (TypeError, ValueError):
        raise Http404 from None
    results = f"{reverse('assessments:results')}?year={year}"
    with refused_to_message(request, results) as refusal:
        scores_freeze(year=year, actor=request.user)
        messages.success(request, _("The results of %(year)s are frozen as scored.") % {"year": year})
    return refusal.response or redirect(results)


# --- The quarterly report workbook ----------------------------------------------------------------------


def report_stations(user):
    """The places a user may report on, each with the points under it: staff any, an officer theirs
    (an officer of one contact point reports on that point)."""
    return stations_visible_to(user).order_by("parent_id", "name")


def estimated_rows(period, scope):
    return sum(
        queryset.count()
        for queryset in (
            activities(period, scope),
            visits(period, scope),
            opinions(period, scope),
            suggestions(period, scope),
        )
    )


@role_required(manages_network)
def report(request):
    stations = report_stations(request.user)
    wants_file = "span" in request.GET
    form = ReportForm(
        request.GET if wants_file else None,
        stations=stations,
        require_station=not request.user.is_committee_staff,
    )
    if wants_file and form.is_valid():
        period, station = form.period(), form.cleaned_data.get("station")
        scope = scope_for(station, request.user)
        if request.GET.get("background") or estimated_rows(period, scope) > EXPORT_SYNC_MAX_ROWS:
            job = export_job_create(
                user=request.user,
                kind="quarterly",
                params=job_params(period, station, get_language()),
                title=_("Quarterly report: %(scope)s · %(period)s")
                % {"scope": scope.label, "period": period.label},
            )
            messages.info(request, _("The workbook is being prepared; it will be offered here when ready."))
            return redirect(job)
        return excel.workbook_response(quarterly_workbook(period, scope), report_filename(period, scope))
    jobs = export_jobs_of(request.user)[:10]
    return render(request, "assessments/report.html", {"form": form, "jobs": jobs})


@role_required(manages_network)
def job_detail(request, pk):
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    return render(request, "assessments/job_detail.html", {"job": job})


@role_required(manages_network)
def job_status(request, pk):
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "progress": job.progress,
            "download": reverse("assessments:job_download", args=[job.pk])
            if job.status == job.Status.DONE
            else None,
        }
    )


@role_required(manages_network)
def job_download(request, pk):
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename or "report.xlsx")
