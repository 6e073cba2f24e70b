from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import SaveFormHelper
from liaison.core.phones import normalise_phone
from liaison.models import Holiday, Jurisdiction, Station, User
from liaison.selectors import jurisdictions_under


class StationForm(forms.ModelForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "kind",
            "parent",
            "jurisdiction",
            "address",
            "opening_hours",
            "area",
            "rooms",
            "phone",
            "head",
            "rules",
            "wecom_webhook_key",
            "is_active",
        ]
        widgets = {"area": forms.Textarea(attrs={"rows": 3}), "rules": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, parents, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        # Staff place a liaison station in a street under theirs; officers keep the one it has.
        streets = jurisdictions_under(actor).filter(level=Jurisdiction.Level.STREET)
        if not actor.is_committee_staff:
            streets = Jurisdiction.objects.filter(pk=self.instance.jurisdiction_id)
        self.fields["jurisdiction"].queryset = streets
        self.fields["jurisdiction"].disabled = not actor.is_committee_staff
        self.jurisdiction_required = actor.is_committee_staff and not actor.sees_everything
        self.fields["head"].queryset = User.objects.filter(role=User.Role.OFFICER, is_active=True)
        self.helper = SaveFormHelper()

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        kind, parent = cleaned.get("kind"), cleaned.get("parent")
        if kind == Station.Kind.STATION and parent:
            self.add_error("parent", _("A liaison station does not belong to another station."))
        if kind and kind != Station.Kind.STATION and not parent:
            self.add_error("parent", _("Choose the liaison station this place belongs to."))
        if kind == Station.Kind.STATION and self.jurisdiction_required and not cleaned.get("jurisdiction"):
            self.add_error("jurisdiction", _("Choose the street or town of this liaison station."))
        if kind and kind != Station.Kind.STATION:
            cleaned["jurisdiction"] = None  # the places under a liaison station belong to its street
        return cleaned


class HolidayCorrectForm(forms.ModelForm):
    """A day of the calendar corrected by staff: its name, and whether it is worked. The date stays; a day on
    the wrong date is corrected to an ordinary day and the right one added."""

    class Meta:
        model = Holiday
        fields = ["name", "is_working_day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class HolidayAddForm(HolidayCorrectForm):
    class Meta(HolidayCorrectForm.Meta):
        fields = ["date", "name", "is_working_day"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "date": {"unique": _("This day is in the calendar already: correct it from the list.")}
        }

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and "is_working_day" in cleaned and cleaned["is_working_day"] == (day.weekday() < 5):
            self.add_error(
                "is_working_day",
                _(
                    "A weekday is worked and a weekend is not: list only a holiday or a worked weekend day (调休)."
                ),
            )
        return cleaned
