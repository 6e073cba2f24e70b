from django import template

register = template.Library()


@register.simple_tag
def voter_name(people, voter):
    """The voter's name as this viewer may see it (voters.selectors.PersonalData)."""
    return people.name(voter)


@register.simple_tag
def voter_phone(people, voter):
    return people.phone(voter)


@register.simple_tag
def voter_address(people, voter):
    return people.address(voter)
