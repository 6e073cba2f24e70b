"""Forms of the officer's daily work: plans, activities, replies, attendance, visits, appointments,
reminder rules, congress sessions and notices."""

from datetime import timedelta

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.conf import settings
from django.db.models import Q
from django.template import Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from deputies.pickers import DeputyChoiceField, DeputyMultipleChoiceField
from liaison.activities.models import (
    Activity,
    Appointment,
    CongressSession,
    Invitation,
    Notice,
    ReceptionGuest,
    ReceptionPlan,
    Visit,
)
from liaison.activities.services import plan_nths
from liaison.core.filters import PickOrSearchFilter, StyledFilterSet
from liaison.core.forms import SaveFormHelper
from liaison.core.phones import normalise_phone
from liaison.core.uploads import PHOTOS, MultipleFileField
from liaison.models import User
from liaison.notifications.gateways.base import sms_param_limit
from liaison.notifications.models import Delivery, ReminderRule
from liaison.selectors import stations_visible_to
from liaison.workdays import next_working_days, rest_days_between

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_PHOTOS = 9


class PlanForm(forms.ModelForm):
    class Meta:
        model = ReceptionPlan
        fields = [
            "station",
            "year",
            "rule",
            "month_day",
            "second_month_day",
            "weekday",
            "nths",
            "start_time",
            "end_time",
            "place",
            "deputies_per_day",
        ]
        widgets = {"start_time": TIME, "end_time": TIME}

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.helper = SaveFormHelper()
        self.helper.layout = Layout(
            Row(Column("station"), Column("year")),
            "rule",
            Row(Column("month_day"), Column("second_month_day"), Column("weekday"), Column("nths")),
            Row(Column("start_time"), Column("end_time"), Column("deputies_per_day")),
            "place",
        )

    def clean(self):
        cleaned = super().clean()
        rule = cleaned.get("rule")
        for name in ("month_day", "second_month_day"):
            value = cleaned.get(name)
            if value is not None and not 1 <= value <= 31:
                self.add_error(name, _("A day of the month is between 1 and 31."))
        if rule in {ReceptionPlan.Rule.MONTH_DAY, ReceptionPlan.Rule.TWICE_MONTHLY} and not cleaned.get(
            "month_day"
        ):
            self.add_error("month_day", _("Give the day of the month."))
        if rule == ReceptionPlan.Rule.TWICE_MONTHLY and not cleaned.get("second_month_day"):
            self.add_error("second_month_day", _("Give the second day of the month."))
        if rule == ReceptionPlan.Rule.NTH_WEEKDAY:
            if cleaned.get("weekday") is None:
                self.add_error("weekday", _("Choose the weekday."))
            if not plan_nths(cleaned.get("nths", "")):
                self.add_error("nths", _("Give the weeks, e.g. 2,4."))
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        return cleaned


class ActivityForm(forms.ModelForm):
    deputies = DeputyMultipleChoiceField(label=_("Invited deputies"), queryset=None, required=False)
    # Sent by the buttons offered when a reception day falls on a rest day (not in the layout).
    rest_day = forms.ChoiceField(required=False, choices=[("move", "move"), ("keep", "keep")])

    class Meta:
        model = Activity
        fields = ["kind", "title", "station", "starts_at", "ends_at", "place", "description", "officers"]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "officers": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, stations, deputies, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputies"].queryset = deputies
        self.fields["officers"].queryset = officers
        self.fields["officers"].required = False
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            self.initial["deputies"] = [
                invitation.deputy_id for invitation in self.instance.invitations.all()
            ]
        self.helper = SaveFormHelper()
        self.helper.layout = Layout(
            Row(Column("kind"), Column("title")),
            Row(Column("station"), Column("place")),
            Row(Column("starts_at"), Column("ends_at")),
            "description",
            Row(Column("deputies"), Column("officers")),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must be after the start."))
        if not cleaned.get("station") and cleaned.get("kind") != Activity.Kind.GROUP:
            self.add_error("station", _("Only a group activity may have no station."))
        if start and cleaned.get("kind") == Activity.Kind.RECEPTION and "starts_at" in self.changed_data:
            self._offer_the_next_working_day(cleaned)
        return cleaned

    def _offer_the_next_working_day(self, cleaned):
        """A reception day on a holiday or weekend rest day (liaison/workdays.py) is never kept silently:
        the form offers the next working day in one click, or keeping the day on purpose."""
        day = timezone.localdate(cleaned["starts_at"])
        holiday = rest_days_between(day, day).get(day)
        choice = cleaned.get("rest_day")
        if holiday is None or choice == "keep":
            return
        following = next_working_days({day})[day]
        if choice == "move":
            shift = following - day
            cleaned["starts_at"] += shift
            if cleaned.get("ends_at"):
                cleaned["ends_at"] += shift
            return
        self.add_error(
            "starts_at",
            _(
                "%(day)s is not a working day (%(holiday)s); reception days are held on working days. "
                "Choose the next working day, %(next)s, or keep this day on purpose."
            )
            % {
                "day": date_format(day, "DATE_FORMAT"),
                "holiday": holiday,
                "next": date_format(following, "Y-m-d l"),
            },
        )
        buttons = format_html(
            '<div class="mb-3"><button type="submit" name="rest_day" value="move" class="btn btn-warning">{}</button> '
            '<button type="submit" name="rest_day" value="keep" class="btn btn-outline-secondary">{}</button></div>',
            _("Move to %(next)s") % {"next": date_format(following, "Y-m-d l")},
            _("Keep %(day)s") % {"day": date_format(day, "DATE_FORMAT")},
        )
        self.helper.layout.fields.insert(3, HTML(buttons))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Cancel the activity"))


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Your reply"),
        choices=[
            (Invitation.Reply.CONFIRMED, _("I will attend")),
            (Invitation.Reply.LEAVE, _("I ask for leave")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason for leave"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Send my reply"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply") == Invitation.Reply.LEAVE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Please give a reason for the leave."))
        return cleaned


class AttendanceForm(forms.Form):
    """One choice per invited deputy."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        choices = [choice for choice in Invitation.Attendance.choices if choice[0]]
        for invitation in self.invitations:
            default = invitation.attendance or (
                Invitation.Attendance.LEAVE
                if invitation.reply == Invitation.Reply.LEAVE
                else Invitation.Attendance.PRESENT
            )
            self.fields[f"invitation_{invitation.pk}"] = forms.ChoiceField(
                label=invitation.deputy.name, choices=choices, initial=default, widget=forms.RadioSelect
            )
        self.helper = SaveFormHelper(label=_("Record attendance"))

    def attendance(self):
        return {
            invitation.pk: self.cleaned_data[f"invitation_{invitation.pk}"] for invitation in self.invitations
        }


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_("JPEG, PNG or WebP, up to 9 at a time."),
        types=PHOTOS,
        max_bytes=settings.PHOTO_MAX_BYTES,
        max_count=MAX_PHOTOS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = [
            "kind",
            "date",
            "station",
            "place",
            "activity",
            "deputies",
            "officer",
            "voters_met",
            "summary",
        ]
        widgets = {
            "date": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"deputies": DeputyMultipleChoiceField}

    def __init__(self, *args, stations, deputies, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputies"].queryset = deputies
        self.fields["activity"].queryset = activities
        self.fields["activity"].required = False
        self.fields["officer"].queryset = User.objects.filter(role=User.Role.OFFICER, is_active=True)


class ReceptionVotersForm(forms.Form):
    count = forms.IntegerField(
        label=_("Voters received"),
        min_value=0,
        max_value=100000,
        help_text=_("Everyone who came, named or not; the voters met in the day's visits are part of it."),
    )


class ReceivedVoterForm(forms.Form):
    name = forms.CharField(label=_("Voter's name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Voter's phone"), max_length=20, required=False)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


ReceivedVoterFormSet = forms.formset_factory(ReceivedVoterForm, extra=3, max_num=50, absolute_max=50)


class ReceptionGuestForm(forms.ModelForm):
    class Meta:
        model = ReceptionGuest
        fields = ["name", "office", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Add the guest"))


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["station", "deputy", "voter_name", "voter_phone", "topic"]
        widgets = {"topic": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"deputy": DeputyChoiceField}

    def __init__(self, *args, stations, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputy"].queryset = deputies
        self.helper = SaveFormHelper()

    def clean_voter_phone(self):
        return normalise_phone(self.cleaned_data["voter_phone"])


class ProposeForm(forms.Form):
    proposed_at = forms.DateTimeField(
        label=_("Proposed time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=_("Place"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Propose and tell the deputy"))


class CloseForm(forms.Form):
    met = forms.BooleanField(label=_("The meeting took place"), required=False, initial=True)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Log the outcome"))


class RuleForm(forms.ModelForm):
    class Meta:
        model = ReminderRule
        fields = ["enabled", "offsets", "channels", "subject_template", "body_template"]
        widgets = {"body_template": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()

    def clean_offsets(self):
        offsets = self.cleaned_data["offsets"].replace("，", ",")
        parts = [part.strip() for part in offsets.split(",") if part.strip()]
        if any(not part.isdigit() or int(part) > 366 for part in parts):
            raise forms.ValidationError(_("Whole days between 0 and 366, separated by commas."))
        return ",".join(parts)

    def clean_channels(self):
        parts = [part.strip() for part in self.cleaned_data["channels"].replace("，", ",").split(",")]
        parts = [part for part in parts if part]
        known = set(Delivery.Channel.values) - {Delivery.Channel.INBOX}
        if any(part not in known for part in parts):
            raise forms.ValidationError(
                _("Channels among %(known)s, separated by commas.") % {"known": ", ".join(sorted(known))}
            )
        return ",".join(dict.fromkeys(parts))

    def _template(self, name):
        text = self.cleaned_data[name]
        try:
            Template(text)
        except TemplateSyntaxError as error:
            raise forms.ValidationError(_("This text has a mistake: %(error)s") % {"error": error}) from error
        return text

    def clean_subject_template(self):
        return self._template("subject_template")

    def clean_body_template(self):
        return self._template("body_template")


class SessionForm(forms.ModelForm):
    class Meta:
        model = CongressSession
        fields = ["name", "starts_on"]
        widgets = {"starts_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class ResendForm(forms.Form):
    """A reminder that may have been sent goes again only once a person has checked it did not arrive."""

    checked = forms.BooleanField(
        label=_("I have checked with the person that this reminder did not arrive."), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(_("Send again"))


class NoticeForm(forms.ModelForm):
    """A notice and its audience. It is sent only after a preview of who it reaches: `previewed` carries
    the audience that was previewed, and a changed audience is previewed again."""

    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Notice
        fields = ["title", "body", "station", "audience", "group", "level", "send_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8}), "send_at": DATETIME}

    def __init__(self, *args, user, stations, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        # An officer, or staff of a jurisdiction, writes to one of their stations; staff of the whole
        # deployment may leave it empty for every deputy.
        self.fields["station"].required = not user.sees_everything
        if user.is_officer and not self.is_bound:
            own = list(user.stations.all()[:2])
            self.fields["station"].initial = own[0] if len(own) == 1 else None
        self.fields["group"].queryset = groups
        self.fields["send_at"].required = False
        self.fields["send_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["send_at"].help_text = _("Empty: now.")
        limit = sms_param_limit()
        self.fields["title"].help_text = _("At most %(limit)s characters: the SMS carries the title.") % {
            "limit": limit
        }
        self.fields["body"].help_text = _(
            "An SMS carries at most %(limit)s characters of text: a longer text goes by SMS as the title and "
            "each deputy's read link, which shows the whole notice."
        ) % {"limit": limit}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            "body",
            Row(Column("station"), Column("audience")),
            Row(Column("group"), Column("level")),
            Row(Column("send_at"), Column()),
            "previewed",
        )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at is not None and send_at < timezone.now() - timedelta(minutes=1):
            raise forms.ValidationError(_("This time has passed: leave it empty to send now."))
        return send_at or timezone.now()

    def audience_key(self):
        """What decides who the notice reaches, as the preview saw it."""
        cleaned = self.cleaned_data
        parts = [cleaned.get("station"), cleaned.get("audience"), cleaned.get("group"), cleaned.get("level")]
        return ":".join(str(getattr(part, "pk", part) or "") for part in parts)

    def was_previewed(self):
        return self.cleaned_data.get("previewed") == self.audience_key()

    def notice_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NoticeFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Notice.Status.choices)
    station = PickOrSearchFilter(
        label=_("Station"), queryset=lambda request: stations_visible_to(request.user)
    )

    class Meta:
        model = Notice
        fields = ["q", "status", "station"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__contains=value) | Q(body__contains=value)) if value else queryset
