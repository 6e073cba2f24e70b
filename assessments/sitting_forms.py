"""Forms of sessions and meetings and of the bulletin (assessments/sittings.py, assessments/bulletins.py)."""

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Bulletin, Seat, Sitting
from deputies.pickers import DeputyChoiceField, DeputyMultipleChoiceField
from liaison.activities.models import CongressSession
from liaison.core.forms import SaveFormHelper
from liaison.core.uploads import XLSX, check_upload
from suggestions.models import Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_ON_ROLL = ""


class SittingForm(forms.ModelForm):
    class Meta:
        model = Sitting
        fields = ["kind", "level", "title", "starts_on", "ends_on", "congress_session", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress_session"].queryset = CongressSession.objects.order_by("-starts_on")
        self.helper = SaveFormHelper()
        self.helper.layout = Layout(
            Row(Column("kind"), Column("level")),
            "title",
            Row(Column("starts_on"), Column("ends_on"), Column("congress_session")),
            "note",
        )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("It closes before it opens."))
        return data


class RollForm(forms.Form):
    """The whole roll on one page: for each deputy of the sitting's level, not on the roll, present, on
    leave or absent (a field per deputy, named by their id)."""

    def __init__(self, *args, deputies, seats, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_ON_ROLL, _("Not on the roll")), *Seat.Attendance.choices]
        self.seats = {seat.deputy_id: seat for seat in seats}
        self.rows = []
        for deputy in deputies:
            name = f"d{deputy.pk}"
            seat = self.seats.get(deputy.pk)
            self.fields[name] = forms.ChoiceField(
                label=deputy.name, choices=choices, required=False, initial=seat.attendance if seat else ""
            )
            self.rows.append((deputy, seat, name))

    def bound_rows(self):
        return [(deputy, seat, self[name]) for deputy, seat, name in self.rows]

    def entries(self):
        """(deputy, attendance, role, topic) for every deputy given a choice; invited ones keep their topic."""
        found = []
        for deputy, seat, name in self.rows:
            attendance = self.cleaned_data.get(name)
            if attendance:
                role, topic = (seat.role, seat.topic) if seat else (Seat.Role.MEMBER, "")
                found.append((deputy, attendance, role, topic))
        return found


class RollImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Check and import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, types=[XLSX], max_bytes=settings.RECORDS_IMPORT_MAX_BYTES)
        return upload


class TopicForm(forms.Form):
    """The topic the sitting takes up, to find the deputies who proposed related suggestions (seed 002)."""

    topic = forms.CharField(label=_("Topic"), max_length=100)
    category = forms.ChoiceField(
        label=_("Category of suggestions"), choices=[("", "—"), *Category.choices], required=False
    )


class InviteForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=100)
    deputies = DeputyMultipleChoiceField(label=_("Deputies invited to sit in"), queryset=None)

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies
        self.helper = SaveFormHelper(label=_("Invite"))


class SpeechForm(forms.Form):
    deputy = DeputyChoiceField(label=_("Deputy"), queryset=None)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    text = forms.CharField(
        label=_("Text or summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        self.helper = SaveFormHelper(label=_("Add the speech"))


class BulletinForm(forms.Form):
    span = forms.ChoiceField(label=_("Period"), choices=Bulletin.Span.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    number = forms.IntegerField(label=_("Month or quarter"), min_value=1, max_value=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["number"].initial = today.month
        self.helper = SaveFormHelper(label=_("Generate from the records"))
        self.helper.layout = Layout(Row(Column("span"), Column("year"), Column("number")))

    def clean(self):
        data = super().clean()
        if data.get("span") == Bulletin.Span.QUARTER and (data.get("number") or 0) > 4:
            self.add_error("number", _("A year has four quarters."))
        return data


class BulletinSectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=100)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


BulletinSectionFormSet = forms.formset_factory(BulletinSectionForm, extra=1, can_delete=True)


class BulletinTitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
