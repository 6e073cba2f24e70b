"""What the voters app's pages share."""

from liaison.security import SecurityEvent, security_record


def posted(request):
    """The posted data, also when a form has nothing to fill in (an empty POST still means "do it")."""
    return request.POST if request.method == "POST" else None


def record_reveal(request, voter, opinion=None):
    """Log that the user saw this voter's personal data in full (PIPL), on the opinion's page or the voter's."""
    security_record(
        SecurityEvent.Kind.PERSONAL_DATA_REVEALED,
        request=request,
        target=voter,
        detail=f"{opinion._meta.label} #{opinion.pk}" if opinion is not None else "",
    )
