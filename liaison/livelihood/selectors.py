"""Reads of livelihood projects and votes, with each user's scope built in: staff see their jurisdiction's,
officers and deputies those of the levels their stations lie in (and a deputy the ones they supervise),
a unit the projects it is responsible for."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from deputies.models import Deputy, Mandate
from liaison.livelihood.models import Ballot, Project, Vote
from liaison.models import Jurisdiction, Station, Stationing
from liaison.selectors import jurisdictions_holding, jurisdictions_under
from suggestions.models import Suggestion

Rating = Suggestion.Rating


def projects_visible_to(user):
    projects = Project.objects.all()
    if user.sees_everything:
        return projects
    if user.is_committee_staff:
        return projects.filter(jurisdiction__in=jurisdictions_under(user))
    if user.is_officer:
        return projects.filter(jurisdiction__in=jurisdictions_holding(user))
    if user.is_unit_user:
        return projects.filter(unit=user.handling_unit_id)
    if user.is_deputy and hasattr(user, "deputy"):
        supervised = Project.supervisors.through.objects.filter(project=OuterRef("pk"), deputy=user.deputy)
        return projects.filter(Q(jurisdiction__in=jurisdictions_holding(user.deputy)) | Q(Exists(supervised)))
    return projects.none()


def votes_visible_to(user):
    votes = Vote.objects.all()
    if user.sees_everything:
        return votes
    if user.is_committee_staff:
        return votes.filter(jurisdiction__in=jurisdictions_under(user))
    if user.is_officer:
        return votes.filter(jurisdiction__in=jurisdictions_holding(user))
    if user.is_deputy and hasattr(user, "deputy"):
        return votes.filter(jurisdiction__in=jurisdictions_holding(user.deputy))
    return votes.none()


def list_rows(queryset):
    """What the list shows of each project, in a fixed number of queries however many rows."""
    return queryset.select_related("jurisdiction", "unit", "ballot").annotate(
        supervisor_count=Count("supervisors", distinct=True)
    )


def project_get(user, pk):
    return get_object_or_404(
        projects_visible_to(user).select_related("jurisdiction", "unit", "created_by"), pk=pk
    )


def project_file(user, project):
    """Everything the project's page shows besides the project; a unit sees no voter's opinion."""
    ballot = Ballot.objects.select_related("vote").filter(project=project).first()
    return {
        "ballot": ballot,
        "present_count": ballot.vote.present.count() if ballot else 0,
        "opinions": [] if user.is_unit_user else list(project.opinions.all()),
        "supervisors": list(project.supervisors.all()),
        "reports": list(project.reports.select_related("author", "unit")),
        "visits": list(project.visits.select_related("deputy")),
        "evaluations": list(project.evaluations.select_related("deputy")),
        "events": list(project.events.select_related("actor")),
    }


def vote_get(user, pk):
    ballots = Ballot.objects.select_related("project", "project__unit")
    return get_object_or_404(
        votes_visible_to(user)
        .select_related("jurisdiction", "recorded_by")
        .prefetch_related(Prefetch("ballots", queryset=ballots)),
        pk=pk,
    )


def candidates_for_vote(user, jurisdiction, year):
    """The candidates a new vote may take: those of the level and year not yet put to a vote."""
    return projects_visible_to(user).filter(
        jurisdiction=jurisdiction, year=year, status=Project.Status.CANDIDATE, ballot__isnull=True
    )


def level_deputies(jurisdiction, level, on):
    """The deputies who vote at `jurisdiction`'s meeting on `on`: those holding a mandate of `level` then
    and stationed then at a station or point under the jurisdiction (every deputy of an area is stationed,
    seed 003: 全覆盖)."""
    under = Jurisdiction.objects.filter(path__startswith=jurisdiction.path).values("pk")
    stations = Station.objects.filter(Q(jurisdiction__in=under) | Q(parent__jurisdiction__in=under))
    mandates = Mandate.objects.filter(deputy=OuterRef("pk"), level=level).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    stationed = Stationing.objects.filter(deputy=OuterRef("pk"), station__in=stations, since__lte=on).filter(
        Q(until__isnull=True) | Q(until__gte=on)
    )
    return Deputy.objects.filter(Exists(mandates), Exists(stationed), is_active=True).order_by("name_pinyin")
