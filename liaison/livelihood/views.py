"""The pages of livelihood projects and their votes: thin, each a selector, a form and a service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.access import (
    is_committee_staff,
    is_committee_staff_or_unit,
    is_deputy_or_committee_staff,
    manages_network_deputy_or_unit,
    manages_network_or_deputy,
    role_required,
)
from liaison.core.errors import refused_response, refused_to_message
from liaison.core.pagination import paginate
from liaison.livelihood import forms, services
from liaison.livelihood.filters import ProjectFilter
from liaison.livelihood.selectors import (
    level_deputies,
    list_rows,
    project_file,
    project_get,
    projects_visible_to,
    vote_get,
    votes_visible_to,
)
from liaison.livelihood.transitions import (
    STEP_LABELS,
    evaluators_left,
    own_deputy,
    project_actions,
    vote_actions,
)
from suggestions.views.step_pages import NOT_OPEN, run_step


@role_required(manages_network_deputy_or_unit)
def project_list(request):
    project_filter = ProjectFilter(request.GET, queryset=projects_visible_to(request.user), request=request)
    page = paginate(request, list_rows(project_filter.qs).order_by("-year", "-pk"))
    return render(request, "livelihood/project_list.html", {"filter": project_filter, "page": page})


@role_required(is_committee_staff)
def project_create(request):
    form = forms.ProjectForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        opinions = data.pop("opinion_codes")
        with refused_to_message(request, "livelihood:list", form=form) as refusal:
            project = services.project_propose(actor=request.user, opinions=opinions, **data)
            messages.success(request, _("Candidate project saved."))
            return redirect(project)
        if refusal.response:
            return refusal.response
    context = {"form": form, "title": gettext_lazy("New candidate project")}
    return render(request, "form_page.html", context)


@role_required(manages_network_deputy_or_unit)
def project_detail(request, pk):
    project = project_get(request.user, pk)
    context = {
        "project": project,
        "actions": project_actions(project, request.user),
        **project_file(request.user, project),
    }
    return render(request, "livelihood/project_detail.html", context)


def _step_page(request, pk, step, form_class, call, *, done, form_kwargs=None):
    """A project's step: its form, the service called, a refusal shown on the form or on the project."""
    project = project_get(request.user, pk)
    open_now = step in project_actions(project, request.user)
    posted = request.method == "POST"
    if not (open_now or posted):
        return refused_response(request, NOT_OPEN, project)
    form = form_class(request.POST if posted else None, **(form_kwargs(project) if form_kwargs else {}))
    if posted and (answer := run_step(request, form, open_now, call, project, done=done, back=project)):
        return answer
    context = {"form": form, "project": project, "title": STEP_LABELS[step]}
    return render(request, "livelihood/step.html", context)


@role_required(is_committee_staff)
def project_edit_view(request, pk):
    def edit(project, data):
        data = {**data}
        services.project_edit(project=project, actor=request.user, opinions=data.pop("opinion_codes"), **data)

    return _step_page(
        request,
        pk,
        "edit",
        forms.ProjectForm,
        edit,
        done=_("Saved."),
        form_kwargs=lambda project: {"instance": project, "actor": request.user},
    )


@role_required(is_committee_staff)
def withdraw_view(request, pk):
    return _step_page(
        request,
        pk,
        "withdraw",
        forms.WithdrawForm,
        lambda project, data: services.project_withdraw(project=project, actor=request.user, **data),
        done=_("The candidate is withdrawn."),
    )


@role_required(is_committee_staff)
def supervisors_view(request, pk):
    return _step_page(
        request,
        pk,
        "supervisors",
        forms.SupervisorsForm,
        lambda project, data: services.project_supervisors_set(project=project, actor=request.user, **data),
        done=_("Saved."),
        form_kwargs=lambda project: {
            "actor": request.user,
            "initial": {"deputies": list(project.supervisors.all())},
        },
    )


@role_required(is_committee_staff_or_unit)
def report_view(request, pk):
    return _step_page(
        request,
        pk,
        "report",
        forms.ReportForm,
        lambda project, data: services.project_report(project=project, actor=request.user, **data),
        done=_("Progress reported."),
    )


def _deputies_for(request, queryset):
    """A deputy acts for themselves; staff for any of the deputies concerned."""
    deputy = own_deputy(request.user)
    return queryset.filter(pk=deputy.pk) if deputy is not None else queryset


@role_required(is_deputy_or_committee_staff)
def visit_view(request, pk):
    return _step_page(
        request,
        pk,
        "visit",
        forms.VisitForm,
        lambda project, data: services.project_visit(project=project, actor=request.user, **data),
        done=_("Supervision visit recorded."),
        form_kwargs=lambda project: {"deputies": _deputies_for(request, project.supervisors.all())},
    )


@role_required(is_deputy_or_committee_staff)
def evaluate_view(request, pk):
    return _step_page(
        request,
        pk,
        "evaluate",
        forms.EvaluateForm,
        lambda project, data: services.project_evaluate(project=project, actor=request.user, **data),
        done=_("Evaluation recorded."),
        form_kwargs=lambda project: {"deputies": _deputies_for(request, evaluators_left(project))},
    )


# --- Votes ------------------------------------------------------------------------------------------


@role_required(manages_network_or_deputy)
def vote_list(request):
    votes = votes_visible_to(request.user).select_related("jurisdiction").order_by("-held_on", "-pk")
    return render(request, "livelihood/vote_list.html", {"page": paginate(request, votes)})


@role_required(is_committee_staff)
def vote_create_view(request):
    form = forms.VoteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        with refused_to_message(request, "livelihood:votes", form=form) as refusal:
            vote = services.vote_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The vote is set up: record its roll, then its tally."))
            return redirect(vote)
        if refusal.response:
            return refusal.response
    context = {"form": form, "title": gettext_lazy("New vote on livelihood projects")}
    return render(request, "form_page.html", context)


@role_required(manages_network_or_deputy)
def vote_detail(request, pk):
    vote = vote_get(request.user, pk)
    context = {"vote": vote, "actions": vote_actions(vote, request.user), "present": vote.present.all()}
    return render(request, "livelihood/vote_detail.html", context)


def _vote_step_page(
    request, pk, step, form_class, call, *, done, form_kwargs, template="livelihood/step.html"
):
    vote = vote_get(request.user, pk)
    open_now = step in vote_actions(vote, request.user)
    posted = request.method == "POST"
    if not (open_now or posted):
        return refused_response(request, NOT_OPEN, vote)
    form = form_class(request.POST if posted else None, **form_kwargs(vote))
    if posted and (answer := run_step(request, form, open_now, call, vote, done=done, back=vote)):
        return answer
    return render(request, template, {"form": form, "vote": vote, "title": STEP_LABELS[step]})


@role_required(is_committee_staff)
def roll_view(request, pk):
    def kwargs(vote):
        present = list(vote.present.all()) if vote.roll_recorded else []
        deputies = level_deputies(vote.jurisdiction, vote.level, vote.held_on)
        return {"deputies": deputies, "initial": {"present": present}}

    return _vote_step_page(
        request,
        pk,
        "roll",
        forms.RollForm,
        lambda vote, data: services.vote_roll(vote=vote, actor=request.user, **data),
        done=_("Roll recorded."),
        form_kwargs=kwargs,
    )


@role_required(is_committee_staff)
def tally_view(request, pk):
    return _vote_step_page(
        request,
        pk,
        "tally",
        forms.TallyForm,
        lambda vote, data: services.vote_tally(vote=vote, actor=request.user, tallies=forms.tallies_of(data)),
        done=_("Tally recorded: the results are in."),
        form_kwargs=lambda vote: {"ballots": list(vote.ballots.all())},
        template="livelihood/tally.html",
    )
