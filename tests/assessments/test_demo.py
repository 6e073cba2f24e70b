"""With the demo street: a deputy's score and archive, a group's notice, the year-end lists, and a quarterly
workbook reopened and checked figure by figure against the database."""

import io

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as T
from openpyxl import load_workbook

from assessments.models import DutyRecord, RuleSet, ScoreSnapshot
from deputies.models import DeputyGroup
from liaison.activities.figures import voters_received
from liaison.activities.models import Activity, Visit
from liaison.models import User
from suggestions.models import Suggestion
from tests.assessments.test_reports import _rows, check_figures
from voters.models import Opinion


def login(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_scores_the_street_and_reports_it(demo_street):
    # One test: building the demo street takes a while.
    year = timezone.localdate().year
    # Eight entries waiting in the demo street, two in the smaller street beside it.
    assert DutyRecord.objects.filter(status=DutyRecord.Status.PENDING).count() == 8 + 2
    assert DutyRecord.objects.exclude(source=DutyRecord.Source.MANUAL).exists()
    assert RuleSet.objects.get(year=year - 1).is_frozen
    assert ScoreSnapshot.objects.filter(year=year - 1).count() >= 170

    deputy = login("deputy")
    page = deputy.get(reverse("assessments:my_score"), follow=True)
    assert page.status_code == 200 and page.context["score"].total > 0
    own = page.context["deputy"]
    assert deputy.get(reverse("assessments:archive", args=[own.pk])).status_code == 200

    staff = login("staff")
    group = DeputyGroup.objects.filter(kind=DeputyGroup.Kind.AREA).first()
    notice = staff.get(reverse("assessments:notice"), {"group": group.pk})
    assert len(notice.context["scores"]) == group.members.count()
    results = staff.get(reverse("assessments:results"))
    assert results.status_code == 200 and results.context["ranked"]
    last = staff.get(reverse("assessments:results"), {"year": year - 1})
    assert last.context["ranked"][0].frozen

    # The workbook of the year so far, reopened and checked against its detail sheets and the database:
    # the whole deployment's, as the administrator sees it (the district's leaves out the group
    # activities held at no station, which lie in no street).
    response = login("admin").get(reverse("assessments:report"), {"span": "year", "year": year})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == T("Overview")
    check_figures(book)
    _summary, totals = _rows(book[T("Overview")])
    activities, _total = _rows(book[T("Activities")])
    assert (
        len(activities) == Activity.objects.filter(starts_at__year=year).exclude(status="cancelled").count()
    )
    held = Activity.objects.filter(starts_at__year=year).exclude(status="cancelled")
    voters = voters_received(activities=held, visits=Visit.objects.filter(date__year=year))
    assert totals[T("Voters received")] == voters > 0
    opinions = Opinion.objects.filter(received_at__year=year).exclude(status="merged")
    assert totals[T("Opinions received")] == opinions.count() > 0
    # Received: every suggestion submitted, the ones turned down too (suggestions.rates).
    received = Suggestion.objects.filter(submitted_at__year=year).exclude(status="draft")
    assert totals[T("Suggestions received")] == received.count() > 0
    assert totals[T("Suggestions completed")] == received.filter(status="closed").count()

    # The district's staff compare its two streets, side by side.
    book = load_workbook(
        io.BytesIO(staff.get(reverse("assessments:report"), {"span": "year", "year": year}).content)
    )
    streets, _totals = _rows(book[T("Streets")])
    assert [row[T("Street or town")] for row in streets] == ["东湖街道", "西湖街道"]
    assert all(row[T("Deputies scored")] for row in streets)
