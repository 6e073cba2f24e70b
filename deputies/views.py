from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.filters import RosterFilter
from deputies.forms import (
    DeputyForm,
    GroupForm,
    MandateForm,
    OwnProfileForm,
    RosterImportForm,
    StationingForm,
)
from deputies.models import Deputy, DeputyGroup
from deputies.selectors import (
    deputies_managed_by,
    deputies_visible_to,
    deputy_get,
    groups_managed_by,
    groups_visible_to,
    public_deputy_rows,
    roster_rows,
)
from deputies.services import (
    ROSTER_COLUMNS,
    deputy_create,
    deputy_update,
    group_save,
    mandate_save,
    roster_import,
)
from liaison.core import excel, posters
from liaison.core.access import (
    is_deputy_with_record,
    manages_network,
    manages_network_or_deputy,
    role_required,
)
from liaison.core.books import Book, Column, book_response, book_urls, filters_label
from liaison.core.errors import refused_to_message
from liaison.core.imports import ImportProblems, read_cells, template_workbook
from liaison.core.pagination import paginate
from liaison.core.phones import mask_email, mask_phone, national_phone
from liaison.core.qr import qr_png, qr_svg
from liaison.models import Stationing
from liaison.security import SecurityEvent, security_record
from liaison.selectors import stations_managed_by
from liaison.services import stationing_end, stationing_start


@role_required(manages_network)
def roster(request):
    roster_filter = RosterFilter(request.GET, queryset=deputies_visible_to(request.user), request=request)
    page = paginate(request, roster_rows(roster_filter.qs))
    return render(request, "deputies/deputy_list.html", {"filter": roster_filter, "page": page})


# The roster's workbook is also the import's template (ROSTER_COLUMNS): no "No." column, nothing added. On
# paper, the columns an officer does not look up on a printed roster stay in the workbook only.
ROSTER_WIDTHS = [10, 6, 8, 8, 12, 12, 28, 12, 14, 24, 16, 14, 10, 16, 24, 20]
ROSTER_OFF_PAPER = {"ethnicity", "sector", "email", "wecom_userid", "term"}


def _roster_book(request):
    roster_filter = RosterFilter(request.GET, queryset=deputies_visible_to(request.user), request=request)
    show_phone = national_phone if request.user.is_committee_staff else mask_phone
    show_email = str if request.user.is_committee_staff else mask_email
    columns = [
        Column(column.label, width, paper=column.key not in ROSTER_OFF_PAPER)
        for column, width in zip(ROSTER_COLUMNS, ROSTER_WIDTHS, strict=True)
    ]
    return Book(
        title=_("Roster"),
        subtitle=filters_label(roster_filter.form, default=_("All deputies")),
        columns=columns,
        items=roster_rows(roster_filter.qs),
        row=lambda deputy: _roster_row(deputy, show_phone, show_email),
        filename=_("deputies-roster-%(date)s") % {"date": timezone.localdate()},
        urls=book_urls("deputies:list", "roster", export="deputies:export"),
        numbered=False,
    )


@role_required(manages_network)
def roster_book(request, output):
    """The roster (名册 of 一册四簿) as a workbook, a print view or a PDF, with the list's filters."""
    response = book_response(request, _roster_book(request), output)
    if response.has_header("Content-Disposition"):
        security_record(
            SecurityEvent.Kind.EXPORTED,
            request=request,
            target="deputies roster",
            detail=request.GET.urlencode(),
        )
    return response


def _roster_row(deputy, show_phone, show_email):
    mandates = list(deputy.mandates.all())
    return [
        deputy.name,
        deputy.get_gender_display(),
        deputy.birth_year,
        deputy.ethnicity,
        deputy.get_party_display(),
        deputy.occupation,
        deputy.employer,
        deputy.sector,
        show_phone(deputy.phone),
        show_email(deputy.email),
        deputy.wecom_userid,
        "、".join(mandate.get_level_display() for mandate in mandates),
        mandates[0].term if mandates else "",
        mandates[0].constituency if mandates else "",
        "、".join(group.name for group in deputy.deputy_groups.all()),
        "、".join(stationing.station.name for stationing in deputy.current_stationings),
    ]


@role_required(manages_network)
def roster_template(request):
    workbook = template_workbook(_("Roster"), ROSTER_COLUMNS)
    return excel.workbook_response(workbook, _("roster-template.xlsx"))


@role_required(manages_network)
def roster_import_view(request):
    form = RosterImportForm(request.POST or None, request.FILES or None)
    problems = []
    if form.is_valid():
        try:
            cells = read_cells(
                form.cleaned_data["file"].read(),
                max_bytes=settings.ROSTER_IMPORT_MAX_BYTES,
                max_uncompressed_bytes=excel.MAX_UNCOMPRESSED_BYTES,
            )
            created = roster_import(cells=cells, actor=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        except ImportProblems as error:
            problems = error.problems
        else:
            security_record(
                SecurityEvent.Kind.IMPORTED, request=request, target="deputies roster", detail=len(created)
            )
            messages.success(request, _("%(count)s deputies imported.") % {"count": len(created)})
            return redirect("deputies:list")
    return render(request, "deputies/roster_import.html", {"form": form, "problems": problems})


@role_required(manages_network_or_deputy)
def deputy_detail(request, pk):
    deputy = deputy_get(request.user, pk)
    may_see_phone = request.user.is_committee_staff or deputy.user_id == request.user.pk
    context = {
        "deputy": deputy,
        "phone": national_phone(deputy.phone) if may_see_phone else mask_phone(deputy.phone),
        "can_manage": deputies_managed_by(request.user).filter(pk=deputy.pk).exists(),
        "past_stationings": deputy.stationings.exclude(until__isnull=True).select_related("station"),
    }
    return render(request, "deputies/deputy_detail.html", context)


@role_required(manages_network)
def deputy_create_view(request):
    form = _deputy_form(request)
    if form.is_valid():
        deputy = deputy_create(**_deputy_fields(form), station=form.cleaned_data.get("station"))
        messages.success(request, _("Deputy %(name)s added.") % {"name": deputy.name})
        return redirect(deputy)
    return render(request, "deputies/deputy_form.html", {"form": form})


@role_required(manages_network)
def deputy_edit(request, pk):
    deputy = get_object_or_404(deputies_managed_by(request.user), pk=pk)
    form = _deputy_form(request, instance=deputy)
    if form.is_valid():
        # Groups the actor does not manage keep their members as they are.
        kept = deputy.deputy_groups.exclude(pk__in=groups_managed_by(request.user).values("pk"))
        fields = _deputy_fields(form)
        deputy_update(deputy=deputy, **{**fields, "groups": [*kept, *fields["groups"]]})
        messages.success(request, _("Saved."))
        return redirect(deputy)
    return render(request, "deputies/deputy_form.html", {"form": form, "deputy": deputy})


@role_required(is_deputy_with_record)
def own_profile(request):
    deputy = request.user.deputy
    form = OwnProfileForm(request.POST or None, request.FILES or None, instance=deputy)
    if form.is_valid():
        deputy_update(deputy=deputy, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(deputy)
    return render(request, "deputies/own_profile_form.html", {"form": form, "deputy": deputy})


def _deputy_form(request, instance=None):
    return DeputyForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        groups=groups_managed_by(request.user),
        stations=stations_managed_by(request.user),
        require_station=not request.user.sees_everything,
    )


def _deputy_fields(form):
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    fields["groups"] = list(form.cleaned_data["groups"])
    return fields


@role_required(manages_network)
def mandate_edit(request, pk, mandate_pk=None):
    deputy = get_object_or_404(deputies_managed_by(request.user), pk=pk)
    mandate = get_object_or_404(deputy.mandates, pk=mandate_pk) if mandate_pk else None
    form = MandateForm(request.POST or None, instance=mandate, deputy=deputy)
    if form.is_valid():
        mandate_save(mandate=form.instance)
        messages.success(request, _("Saved."))
        return redirect(deputy)
    return render(request, "deputies/mandate_form.html", {"form": form, "deputy": deputy})


@role_required(manages_network)
def group_list(request):
    groups = (
        groups_visible_to(request.user)
        .select_related("station", "leader")
        .annotate(member_count=Count("members"))
    )
    return render(request, "deputies/group_list.html", {"groups": groups})


@role_required(manages_network_or_deputy)
def group_detail(request, pk):
    members = Prefetch("members", queryset=roster_rows(Deputy.objects.order_by("name_pinyin")))
    group = get_object_or_404(
        groups_visible_to(request.user).select_related("station", "leader").prefetch_related(members), pk=pk
    )
    can_manage = groups_managed_by(request.user).filter(pk=group.pk).exists()
    return render(request, "deputies/group_detail.html", {"group": group, "can_manage": can_manage})


@role_required(manages_network)
def group_edit(request, pk=None):
    group = get_object_or_404(groups_managed_by(request.user), pk=pk) if pk else DeputyGroup()
    form = GroupForm(
        request.POST or None,
        instance=group,
        stations=stations_managed_by(request.user),
        deputies=deputies_visible_to(request.user),
    )
    if form.is_valid():
        group = group_save(group=form.save(commit=False), members=list(form.cleaned_data["members"]))
        messages.success(request, _("Saved."))
        return redirect(group)
    return render(request, "deputies/group_form.html", {"form": form, "group": group})


@role_required(manages_network_or_deputy)
def deputy_qr(request, pk):
    deputy = get_object_or_404(deputies_visible_to(request.user), pk=pk)
    url = request.build_absolute_uri(reverse("home:deputy_public", args=[deputy.public_token]))
    if request.GET.get("format") == "png":
        response = HttpResponse(qr_png(url), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="deputy-{deputy.pk}-qr.png"'
        return response
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


@role_required(manages_network_or_deputy)
def deputy_qr_poster(request, pk):
    """The deputy's A4 poster for an officer or the deputy: the same poster the public page offers."""
    deputy = get_object_or_404(public_deputy_rows(deputies_visible_to(request.user)), pk=pk)
    return posters.deputy_poster(request, deputy, back_url=reverse("deputies:detail", args=[deputy.pk]))


# --- Stationing a deputy at a station or point (进站) ------------------------------------------------


@role_required(manages_network)
def stationing_add(request, pk):
    station = get_object_or_404(stations_managed_by(request.user), pk=pk)
    already = Stationing.objects.filter(station=station, until__isnull=True).values("deputy")
    form = StationingForm(
        request.POST or None,
        initial={"since": timezone.localdate()},
        deputies=Deputy.objects.filter(is_active=True).exclude(pk__in=already),
    )
    if form.is_valid():
        try:
            stationing_start(station=station, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(deputy)s is now stationed here.") % {"deputy": form.cleaned_data["deputy"]}
            )
            return redirect(station)
    return render(request, "deputies/stationing_form.html", {"form": form, "station": station})


@require_POST
@role_required(manages_network)
def stationing_end_view(request, pk):
    stationing = get_object_or_404(
        Stationing.objects.filter(station__in=stations_managed_by(request.user)).select_related("station"),
        pk=pk,
    )
    with refused_to_message(request, stationing.station) as refusal:
        stationing_end(stationing=stationing)
        messages.success(request, _("The stationing has ended."))
    return refusal.response or redirect(stationing.station)
