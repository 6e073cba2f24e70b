"""Permissions that follow from a user's role, on top of those an administrator grants in the admin.

`voters.reveal_voter_phone` (showing a voter's full name, phone and address, one record at a time, each time
in the security log) belongs to committee staff and administrators, who supervise the whole jurisdiction,
and to liaison officers, who call voters back (回访, seed 004); an officer's reveal is further limited to
voters of their own stations by the selectors. Deputies and handling units do not call voters back through
the product, so they do not get it unless an administrator grants it to them by name."""

REVEAL_VOTER_PHONE = "voters.reveal_voter_phone"
ROLE_PERMISSIONS = {REVEAL_VOTER_PHONE}


class RolePermissionBackend:
    """An authentication backend that authenticates nobody and only answers has_perm for role permissions.
    It has no get_user on purpose: Django picks the first backend with one for force_login and sessions."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        if perm not in ROLE_PERMISSIONS or not user.is_active or not user.is_authenticated:
            return False
        return user.is_committee_staff or user.is_officer


def can_reveal(user):
    return user.has_perm(REVEAL_VOTER_PHONE)
