"""A year of livelihood projects for each demo street (seed 003: 群众点单、代表定单、政府接单、人大督单):
candidates from the voters' opinions and from the street office, the January vote with its roll and tally
(one candidate lost), the carried projects' progress reports, supervision visits and evaluations; and last
year's vote, not carried for want of a quorum. Built through the services at past moments, as the
suggestions' demo is, so that every timeline is real."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import time_machine
from django.utils import timezone

from deputies.models import Level
from liaison.livelihood.models import Project
from liaison.livelihood.selectors import level_deputies
from liaison.livelihood.services import (
    project_evaluate,
    project_propose,
    project_report,
    project_supervisors_set,
    project_visit,
    vote_create,
    vote_roll,
    vote_tally,
)
from liaison.models import User
from suggestions.models import Suggestion
from voters.models import Opinion

# (title, description, budget in 万元, from the voters' opinions?)
CANDIDATES = [
    ("老旧小区加装电梯", "为桂花社区、丹桂社区12栋多层住宅加装电梯，解决老人上下楼难。", "360.00", True),
    ("社区老年食堂", "在梧桐社区、杏林社区各建一处老年助餐点，提供午餐和送餐服务。", "85.50", True),
    ("河道沿岸雨污分流", "排查整治河道沿岸雨污混流排口，建设截污管网2.4公里。", "620.00", False),
    ("电动自行车集中充电棚", "在各小区建设集中充电棚和智能充电桩，消除楼道充电隐患。", "48.00", True),
    ("明珠社区口袋公园", "利用边角地建设口袋公园和停车位。", "150.00", False),
]
LAST_YEAR = [
    ("背街小巷路面修复", "修复辖区背街小巷破损路面约3万平方米。", "210.00"),
    ("社区健身步道", "沿滨江建设健身步道1.8公里。", "95.00"),
]
PROGRESS = [
    (30, "已完成设计方案和招标，施工队进场。"),
    (65, "主体工程完成过半，每周向居民公示进度。"),
    (100, "工程完工并通过验收，已投入使用。"),
]


class _Clock:
    def __init__(self):
        self.now = timezone.now()

    def at(self, day, hour=10):
        moment = timezone.make_aware(datetime.combine(day, time(hour)))
        return time_machine.travel(min(moment, self.now - timedelta(minutes=5)), tick=False)


def _staff(street):
    """The street's own staff (人大工委), or the district's."""
    jurisdiction = street.station.jurisdiction
    return (
        User.objects.filter(role=User.Role.STAFF, jurisdiction=jurisdiction).first() or street.users["staff"]
    )


def _reporter(unit, staff):
    """The unit's own account reports its progress; for a unit without one, staff record it."""
    return User.objects.filter(role=User.Role.UNIT, handling_unit=unit).first() or staff


def build(street):
    clock = _Clock()
    today = timezone.localdate()
    staff = _staff(street)
    jurisdiction = street.station.jurisdiction
    office = next((unit for unit in street.units if unit.kind == "street_office"), street.units[0])
    # The demo "unit" login (units[0]) has a project still under way to report on.
    units = [street.units[2], office, street.units[0], street.units[5], office]
    opinions = list(Opinion.objects.filter(station__in=[street.station, *street.points]).order_by("pk")[:12])
    count = len(CANDIDATES) if street.main else 3
    vote_day = today - timedelta(days=300)
    _last_year(street, staff, jurisdiction, office, vote_day - timedelta(days=365), clock)

    projects = []
    for index, (title, description, budget, from_opinions) in enumerate(CANDIDATES[:count]):
        with clock.at(vote_day - timedelta(days=40 - index)):
            linked = opinions[index * 2 : index * 2 + 2] if from_opinions else []
            projects.append(
                project_propose(
                    jurisdiction=jurisdiction,
                    year=vote_day.year,
                    title=title,
                    description=description,
                    budget=Decimal(budget),
                    unit=units[index],
                    actor=staff,
                    source=Project.Source.OPINIONS if linked else Project.Source.GOVERNMENT,
                    proposed_by="" if linked else office.name,
                    opinions=linked,
                )
            )
    deputies = list(level_deputies(jurisdiction, Level.COUNTY, vote_day))
    present = deputies[: len(deputies) * 7 // 8]
    with clock.at(vote_day - timedelta(days=7)):
        vote = _vote(staff, jurisdiction, vote_day, projects)
    with clock.at(vote_day, 9):
        vote_roll(vote=vote, present=present, actor=staff)
    with clock.at(vote_day, 11):
        # The last candidate loses: its for-votes fall short of half of all the deputies of the level.
        shares = [(0.9, 0.05), (0.85, 0.1), (0.8, 0.1), (0.75, 0.15), (0.4, 0.45)][:count]
        shares[-1] = (0.4, 0.45)
        tallies = {}
        for ballot, (yes, no) in zip(vote.ballots.order_by("pk"), shares, strict=True):
            votes_for, against = int(len(present) * yes), int(len(present) * no)
            tallies[ballot.pk] = (votes_for, against, len(present) - votes_for - against)
        vote_tally(vote=vote, tallies=tallies, actor=staff)
    demo_deputy = getattr(street.users.get("deputy"), "deputy", None) if street.main else None
    for index, project in enumerate(projects[:-1]):
        project.refresh_from_db()
        _follow(project, index, staff, deputies, demo_deputy, vote_day, today, clock)
    return projects


def _vote(staff, jurisdiction, day, projects):
    return vote_create(
        jurisdiction=jurisdiction,
        year=day.year,
        level=Level.COUNTY,
        name=f"{jurisdiction.name}{day.year}年民生实事项目人大代表票决会",
        held_on=day,
        projects=projects,
        actor=staff,
    )


def _last_year(street, staff, jurisdiction, office, day, clock):
    """Last year's meeting fell on a busy week: too few deputies came, and nothing was carried."""
    count = len(LAST_YEAR) if street.main else 1
    projects = []
    for index, (title, description, budget) in enumerate(LAST_YEAR[:count]):
        with clock.at(day - timedelta(days=30 - index)):
            projects.append(
                project_propose(
                    jurisdiction=jurisdiction,
                    year=day.year,
                    title=title,
                    description=description,
                    budget=Decimal(budget),
                    unit=office,
                    actor=staff,
                    source=Project.Source.GOVERNMENT,
                    proposed_by=office.name,
                )
            )
    deputies = list(level_deputies(jurisdiction, Level.COUNTY, day))
    present = deputies[: len(deputies) * 2 // 5]
    with clock.at(day - timedelta(days=7)):
        vote = _vote(staff, jurisdiction, day, projects)
    with clock.at(day, 9):
        vote_roll(vote=vote, present=present, actor=staff)
    with clock.at(day, 11):
        tallies = {ballot.pk: (len(present), 0, 0) for ballot in vote.ballots.all()}
        vote_tally(vote=vote, tallies=tallies, actor=staff)


def _follow(project, index, staff, deputies, demo_deputy, vote_day, today, clock):
    """A carried project through the year: the first two completed (the first evaluated by all, the second
    waiting for the demo deputy's word), the others still under way."""
    supervisors = deputies[index * 3 : index * 3 + 3]
    if demo_deputy is not None and index in (0, 1) and demo_deputy not in supervisors:
        supervisors = [*supervisors[:2], demo_deputy]
    with clock.at(vote_day + timedelta(days=3)):
        project_supervisors_set(project=project, deputies=supervisors, actor=staff)
    reporter = _reporter(project.unit, staff)
    span = max((today - vote_day).days - 20, 30)
    steps = PROGRESS if index < 2 else PROGRESS[:2]
    for number, (percent, text) in enumerate(steps, start=1):
        day = vote_day + timedelta(days=span * number // (len(PROGRESS) + 1))
        with clock.at(day, 15):
            project_report(
                project=project,
                actor=reporter,
                text=text,
                percent=percent,
                completed=percent == 100,
                reported_on=day,
            )
        with clock.at(day + timedelta(days=5)):
            deputy = supervisors[number % len(supervisors)]
            project_visit(
                project=project,
                actor=staff,
                deputy=deputy,
                visited_on=day + timedelta(days=5),
                note="到现场察看施工进度，听取居民意见，督促加快进度、确保质量。",
            )
    if index > 1:
        return
    ratings = [Suggestion.Rating.SATISFIED, Suggestion.Rating.SATISFIED, Suggestion.Rating.BASICALLY]
    for deputy, rating in zip(supervisors, ratings, strict=False):
        if index == 1 and deputy == demo_deputy:
            continue  # left for the demo deputy's login to evaluate
        with clock.at(today - timedelta(days=3)):
            project_evaluate(
                project=project, actor=staff, deputy=deputy, rating=rating, note="群众反映较好。"
            )
