"""A filter over many rows offers a search by name instead of a select of thousands (issue 9)."""

import pytest
from django import forms
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from liaison.core.filters import PickOrSearchFilter, StyledFilterSet
from liaison.models import Station


class PointFilter(StyledFilterSet):
    parent = PickOrSearchFilter(label="Station", queryset=Station.objects.filter(kind=Station.Kind.STATION))

    class Meta:
        model = Station
        fields = ["parent"]


@pytest.fixture
def network(db):
    east = Station.objects.create(name="东湖街道联络站")
    west = Station.objects.create(name="西山街道联络站")
    Station.objects.create(name="桂花社区联络点", kind=Station.Kind.POINT, parent=east)
    Station.objects.create(name="松林社区联络点", kind=Station.Kind.POINT, parent=west)
    return east, west


def _points(value=None):
    request = RequestFactory().get("/", {"parent": value} if value is not None else {})
    result = PointFilter(
        request.GET, queryset=Station.objects.filter(kind=Station.Kind.POINT), request=request
    )
    return result


def test_few_rows_make_a_select(settings, network):
    settings.FILTER_SELECT_LIMIT = 5
    with CaptureQueriesContext(connection) as queries:
        widget = _points().form.fields["parent"].widget
    assert isinstance(widget, forms.Select)
    assert [label for _value, label in widget.choices][1:] == ["东湖街道联络站", "西山街道联络站"]
    assert len(queries) == 1


def test_many_rows_make_a_name_search(settings, network):
    settings.FILTER_SELECT_LIMIT = 1
    points = _points("西山")
    assert isinstance(points.form.fields["parent"].widget, forms.TextInput)
    assert [point.name for point in points.qs] == ["松林社区联络点"]


def test_an_id_from_a_link_still_picks_one_row(settings, network):
    settings.FILTER_SELECT_LIMIT = 1
    east, _west = network
    assert [point.name for point in _points(str(east.pk)).qs] == ["桂花社区联络点"]
    assert list(_points("").qs.order_by("pk")) == list(Station.objects.filter(kind="point").order_by("pk"))
