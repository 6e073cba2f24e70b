from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import SaveFormHelper
from liaison.core.phones import normalise_phone
from liaison.models import Station, User


class StationForm(forms.ModelForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "kind",
            "parent",
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

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
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
        return cleaned
