from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import SaveFormHelper
from liaison.core.uploads import XLSX, check_upload


class ImportForm(forms.Form):
    """A workbook and the period it covers: a record dated outside the period is a mistake of the file."""

    file = forms.FileField(label=_("Workbook (.xlsx)"))
    start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last_year = timezone.localdate().year - 1
        self.fields["start"].initial = date(last_year, 1, 1)
        self.fields["end"].initial = date(last_year, 12, 31)
        self.helper = SaveFormHelper(label=_("Check and import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, types=[XLSX], max_bytes=settings.RECORDS_IMPORT_MAX_BYTES)
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise ValidationError({"end": _("The period ends before it starts.")})
            if end > timezone.localdate():
                raise ValidationError({"end": _("The period cannot end in the future.")})
        return data

    def params(self):
        return {
            "start": self.cleaned_data["start"].isoformat(),
            "end": self.cleaned_data["end"].isoformat(),
            # A worker writes the problems in the language of the person who sent the file.
            "language": get_language(),
        }
