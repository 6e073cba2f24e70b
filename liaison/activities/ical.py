"""iCalendar (RFC 5545) written by hand: a few VEVENTs need no library. Lines are CRLF-terminated and
folded at 75 octets; text is escaped."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone

from liaison.activities.models import Activity


def _escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # continuation lines start with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(activities, *, name):
    host = settings.REMINDER_SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "liaison"
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Deputy liaison station//Activities//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for activity in activities:
        status = "CANCELLED" if activity.status == Activity.Status.CANCELLED else "CONFIRMED"
        description = activity.description
        if activity.organiser_id:
            description = f"{description}\n{activity.organiser}".strip()
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.pk}@{host}",
            f"DTSTAMP:{now}",
            f"LAST-MODIFIED:{_utc(activity.updated_at)}",
            f"DTSTART:{_utc(activity.starts_at)}",
            f"DTEND:{_utc(activity.ends_at)}",
            f"SUMMARY:{_escape(activity.title)}",
            f"LOCATION:{_escape(activity.place)}",
            f"DESCRIPTION:{_escape(description)}",
            f"STATUS:{status}",
            f"URL:{settings.REMINDER_SITE_URL}{activity.get_absolute_url()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
