"""Our select template (templates/django/forms/widgets/select.html, the select_options filter) draws what
Django's own widget templates draw, but for the blank lines between options."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from deputies.models import Deputy
from liaison.core.widgets import PickerSelect
from tests.deputies.factories import DeputyFactory

DJANGO = DjangoTemplates()


def django_markup(widget, name, value):
    return widget.render(name, value, renderer=DJANGO).replace("\n\n", "\n")


def test_the_site_draws_selects_with_its_own_template():
    origin = get_default_renderer().get_template("django/forms/widgets/select.html").origin.name
    assert "site-packages" not in origin


def test_a_select_with_groups_escapes_and_marks_the_chosen_options_as_django_does():
    widget = forms.SelectMultiple(
        attrs={"class": "form-select", "disabled": False, "required": True},
        choices=[("", "All"), ("A & B", [("1", "<one>"), ("2", 'two "2"')]), ("3", "three")],
    )
    assert widget.render("pick", ["2", "3"]) == django_markup(widget, "pick", ["2", "3"])
    assert '<option value="2" selected>two &quot;2&quot;</option>' in widget.render("pick", ["2", "3"])


@pytest.mark.django_db
def test_a_picker_keeps_its_options_data():
    deputy = DeputyFactory(name="张<三>")
    widget = PickerSelect(describe=lambda row: {"name": row.name, "detail": "<b>", "keys": "x"})
    field = forms.ModelChoiceField(queryset=Deputy.objects.all(), widget=widget)
    markup = field.widget.render("deputy", str(deputy.pk))
    assert markup == django_markup(field.widget, "deputy", str(deputy.pk))
    assert "data-data=" in markup and " selected" in markup
