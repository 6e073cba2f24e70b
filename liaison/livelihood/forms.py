import re

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from deputies.pickers import DeputyMultipleChoiceField
from deputies.selectors import deputies_visible_to
from liaison.core.forms import SaveFormHelper
from liaison.livelihood.models import ProgressReport, Project, SupervisionVisit, Vote
from liaison.livelihood.rules import VOTING_LEVELS
from liaison.livelihood.selectors import projects_visible_to
from liaison.models import Stationing
from liaison.selectors import jurisdictions_under, units_visible_to
from suggestions.models import Suggestion
from voters.models import normalise_tracking_code
from voters.selectors import opinions_visible_to

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    opinion_codes = forms.CharField(
        label=_("Voters' opinions (tracking codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The tracking codes of the opinions the project answers, separated by spaces or commas."),
    )

    class Meta:
        model = Project
        fields = ["jurisdiction", "year", "title", "description", "budget", "unit", "source", "proposed_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["jurisdiction"].queryset = jurisdictions_under(actor)
        self.fields["jurisdiction"].initial = actor.jurisdiction_id
        self.fields["unit"].queryset = units_visible_to(actor).filter(is_active=True)
        self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk:
            codes = self.instance.opinions.values_list("tracking_code", flat=True)
            self.fields["opinion_codes"].initial = " ".join(codes)
        self.helper = SaveFormHelper()

    def clean_opinion_codes(self):
        typed = [
            normalise_tracking_code(code)
            for code in re.split(r"[\s,，、;；]+", self.cleaned_data["opinion_codes"])
        ]
        codes = [code for code in typed if code]
        found = list(opinions_visible_to(self.actor).filter(tracking_code__in=codes))
        unknown = sorted(set(codes) - {opinion.tracking_code for opinion in found})
        if unknown:
            raise forms.ValidationError(
                _("No opinion you can see has the tracking code %(codes)s."),
                params={"codes": "、".join(unknown)},
            )
        return found


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(_("Withdraw"))


class VoteForm(forms.ModelForm):
    projects = forms.ModelMultipleChoiceField(
        label=_("Candidates put to the vote"),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Vote
        fields = ["jurisdiction", "year", "level", "name", "held_on"]
        widgets = {"held_on": DATE}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions_under(actor)
        self.fields["jurisdiction"].initial = actor.jurisdiction_id
        self.fields["year"].initial = timezone.localdate().year
        self.fields["projects"].queryset = (
            projects_visible_to(actor)
            .filter(status=Project.Status.CANDIDATE, ballot__isnull=True)
            .select_related("jurisdiction")
        )
        self.fields["projects"].label_from_instance = lambda p: f"{p.year} {p.jurisdiction} · {p.title}"
        self.helper = SaveFormHelper(_("Put to the vote"))

    def clean(self):
        cleaned = super().clean()
        jurisdiction, year, level = cleaned.get("jurisdiction"), cleaned.get("year"), cleaned.get("level")
        if jurisdiction and level and level not in VOTING_LEVELS.get(jurisdiction.level, ()):
            self.add_error("level", _("The deputies of that level do not vote at this level's meeting."))
        strays = [
            p.title for p in cleaned.get("projects", []) if (p.jurisdiction, p.year) != (jurisdiction, year)
        ]
        if jurisdiction and year and strays:
            self.add_error(
                "projects",
                _("Not candidates of this jurisdiction and year: %(titles)s.")
                % {"titles": "、".join(strays)},
            )
        return cleaned


class RollForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Deputies present"),
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        # Two deputies of one name are told apart by where they are stationed, read in the same query.
        place = Stationing.objects.filter(deputy=OuterRef("pk"), until__isnull=True).order_by("since")
        field = self.fields["present"]
        field.queryset = deputies.annotate(place=Subquery(place.values("station__name")[:1]))
        field.label_from_instance = lambda deputy: f"{deputy.name}（{deputy.place or '—'}）"
        self.helper = SaveFormHelper(_("Save the roll"))


class TallyForm(forms.Form):
    """For, against and abstaining for each candidate of the vote."""

    COLUMNS = (("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain")))

    def __init__(self, *args, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballots = ballots
        for ballot in ballots:
            for column, label in self.COLUMNS:
                self.fields[f"{column}_{ballot.pk}"] = forms.IntegerField(
                    label=f"{ballot.project.title} · {label}", min_value=0, initial=0
                )

    def rows(self):
        return [
            (ballot, [self[f"{column}_{ballot.pk}"] for column, _label in self.COLUMNS])
            for ballot in self.ballots
        ]


def tallies_of(cleaned_data):
    """A valid TallyForm's figures as vote_tally takes them: each ballot's pk to (for, against, abstain)."""
    columns = [column for column, _label in TallyForm.COLUMNS]
    pks = {int(name.rsplit("_", 1)[1]) for name in cleaned_data}
    return {pk: tuple(cleaned_data[f"{column}_{pk}"] for column in columns) for pk in pks}


class SupervisorsForm(forms.Form):
    deputies = DeputyMultipleChoiceField(label=_("Supervising deputies"), queryset=Deputy.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies_visible_to(actor).filter(is_active=True)
        self.helper = SaveFormHelper()


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["reported_on", "percent", "text", "completed"]
        widgets = {"reported_on": DATE, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()
        self.helper = SaveFormHelper()


class VisitForm(forms.ModelForm):
    class Meta:
        model = SupervisionVisit
        fields = ["deputy", "visited_on", "note"]
        widgets = {"visited_on": DATE, "note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        if len(deputies) == 1:
            self.fields["deputy"].initial = deputies[0]
        self.fields["visited_on"].initial = timezone.localdate()
        self.helper = SaveFormHelper()


class EvaluateForm(forms.Form):
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none())
    rating = forms.ChoiceField(
        label=_("Evaluation"), choices=Suggestion.Rating.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        if len(deputies) == 1:
            self.fields["deputy"].initial = deputies[0]
        self.helper = SaveFormHelper()
