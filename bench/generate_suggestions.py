"""The benchmark's suggestions (bench/generate.py): the loop 提 交 办 督 评 with assignments, replies and
evaluations, some in a second round, each step with its timeline event."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from bench.rows import TOPICS, Ids
from suggestions.models import Assignment, Evaluation, Reply, Suggestion, SuggestionEvent


def suggestions(run, net):
    """Returns a typical case to open, a second-round one if there is one, and its lead deputy."""
    scale, rng, now, span, load, log = run.scale, run.rng, run.now, run.span, run.load, run.log
    deputies, deputy_user, staff = net.deputies, net.deputy_user, net.staff
    units, unit_users = net.units, net.unit_users
    SS = Suggestion.Status
    SK = SuggestionEvent.Kind
    suggestion_rows, assignment_rows, reply_rows, evaluation_rows, sevent_rows = [], [], [], [], []
    ids = Ids()
    sequence = {}
    second_round_example = None

    def sevent(suggestion, kind, actor, when, round_, before, after):
        (pk,) = ids.take("event")
        sevent_rows.append(
            {"id": pk, "suggestion_id": suggestion, "kind": kind, "actor_id": actor, "at": when,
             "round": round_, "from_status": before, "to_status": after}
        )  # fmt: skip

    for pk in range(1, scale.suggestions + 1):
        deputy = deputies[rng.randrange(len(deputies))]
        author = deputy_user[deputy]
        submitted = now - timedelta(days=rng.random() * span, minutes=rng.randrange(600))
        year = timezone.localtime(submitted).year
        sequence[year] = sequence.get(year, 0) + 1
        age = (now - submitted).days
        topic = TOPICS[rng.randrange(len(TOPICS))]
        row = {
            "id": pk,
            "title": f"关于{topic[:8]}的建议{pk}",
            "content": f"{topic}。建议有关部门统筹研究，第{pk}号。",
            "category": ["urban", "transport", "environment", "education", "health", "social"][pk % 6],
            "lead_deputy_id": deputy,
            "created_by_id": author,
            "year": year,
            "sequence": sequence[year],
            "number": f"{year}{sequence[year]:05d}",
            "round": 1,
            "submitted_at": submitted,
            "created_at": submitted - timedelta(hours=3),
            "updated_at": submitted,
        }
        sevent(pk, SK.CREATED, author, row["created_at"], 1, "", SS.DRAFT)
        sevent(pk, SK.SUBMITTED, author, submitted, 1, SS.DRAFT, SS.SUBMITTED)
        status = SS.SUBMITTED
        if age < 3:
            row["status"] = status
            suggestion_rows.append(row)
            continue
        if rng.random() < 0.03:
            row.update(
                status=SS.REJECTED,
                rejection_reason="不属于本级职权范围。",
                closed_at=submitted + timedelta(days=2),
            )
            sevent(pk, SK.REJECTED, staff, submitted + timedelta(days=2), 1, status, SS.REJECTED)
            suggestion_rows.append(row)
            continue
        registered = submitted + timedelta(days=2)
        row["registered_at"] = registered
        sevent(pk, SK.REGISTERED, staff, registered, 1, status, SS.REGISTERED)
        status = SS.REGISTERED
        if age < 7:
            row["status"] = status
            suggestion_rows.append(row)
            continue
        rounds = 2 if rng.random() < 0.1 and age > 200 else 1
        when = registered + timedelta(days=3)
        for round_ in range(1, rounds + 1):
            unit = units[rng.randrange(len(units))]
            deadline = (when + timedelta(days=90 if round_ == 1 else 30)).date()
            (assignment,) = ids.take("assignment")
            lead = {
                "id": assignment,
                "suggestion_id": pk,
                "round": round_,
                "unit_id": unit,
                "role": Assignment.Role.LEAD,
                "status": Assignment.Status.ACCEPTED,
                "assigned_on": when.date(),
                "deadline": deadline,
                "basis": Assignment.Basis.REPLY if round_ == 1 else Assignment.Basis.SECOND_ROUND,
                "return_by": (when + timedelta(days=5)).date(),
                "accepted_at": when + timedelta(days=1),
                "created_at": when,
            }
            assignment_rows.append(lead)
            if rng.random() < 0.3:
                (co,) = ids.take("assignment")
                assignment_rows.append(
                    {**lead, "id": co, "unit_id": units[(unit + 7) % len(units)], "role": Assignment.Role.CO,
                     "basis": Assignment.Basis.CO_VIEW, "deadline": (when + timedelta(days=30)).date(),
                     "status": Assignment.Status.ANSWERED, "view": "同意主办单位意见。"}
                )  # fmt: skip
            row.update(round=round_, lead_unit_id=unit, due_on=deadline, assigned_at=when)
            sevent(pk, SK.ASSIGNED, staff, when, round_, status, SS.ASSIGNED)
            status = SS.ASSIGNED
            replied = when + timedelta(days=rng.randrange(20, 80))
            if replied > now - timedelta(days=2):
                break  # still being handled (overdue when the deadline has passed)
            (reply,) = ids.take("reply")
            result = rng.choice("AABBCD")
            reply_rows.append(
                {"id": reply, "suggestion_id": pk, "round": round_, "unit_id": unit, "result_class": result,
                 "text": "经研究，答复如下：已列入年度计划。", "replied_by_id": unit_users[unit], "created_at": replied,
                 "follow_up_on": (replied + timedelta(days=180)).date() if result == "B" else None,
                 "reason": "受条件限制暂难解决。" if result == "C" else ""}
            )  # fmt: skip
            lead.update(status=Assignment.Status.ANSWERED, answered_at=replied)
            row.update(replied_at=replied, result_class=result)
            sevent(pk, SK.REPLIED, unit_users[unit], replied, round_, status, SS.REPLIED)
            status = SS.REPLIED
            evaluated = replied + timedelta(days=rng.randrange(3, 20))
            if evaluated > now:
                break
            second = round_ < rounds
            rating = (
                Suggestion.Rating.UNSATISFIED
                if second
                else rng.choice(["satisfied", "satisfied", "basically"])
            )
            (evaluation,) = ids.take("evaluation")
            evaluation_rows.append(
                {"id": evaluation, "suggestion_id": pk, "round": round_, "reply_id": reply, "rating": rating,
                 "comment": "", "recorded_by_id": author, "created_at": evaluated}
            )  # fmt: skip
            row.update(rating=rating, evaluated_at=evaluated)
            sevent(pk, SK.EVALUATED, author, evaluated, round_, status, SS.REPLIED)
            if second:
                sevent(pk, SK.REASSIGN_DUE, staff, evaluated, round_, SS.REPLIED, SS.REGISTERED)
                status = SS.REGISTERED
                when = evaluated + timedelta(days=3)
                second_round_example = second_round_example or pk
                continue
            row["closed_at"] = evaluated
            sevent(pk, SK.CLOSED, staff, evaluated, round_, SS.REPLIED, SS.CLOSED)
            status = SS.CLOSED
        row["status"] = status
        suggestion_rows.append(row)
    load(Suggestion, suggestion_rows)
    load(Assignment, assignment_rows)
    load(Reply, reply_rows)
    load(Evaluation, evaluation_rows)
    load(SuggestionEvent, sevent_rows)
    with connection.cursor() as cursor:
        for year, last in sequence.items():
            cursor.execute("INSERT INTO suggestions_numbercounter (year, last) VALUES (%s, %s)", [year, last])
    log(f"  suggestions: {scale.suggestions}, {len(assignment_rows)} assignments, {len(reply_rows)} replies")
    typical = second_round_example or 1
    return typical, next(row["lead_deputy_id"] for row in suggestion_rows if row["id"] == typical)
