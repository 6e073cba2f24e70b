"""满意率 as every rating by people counts it (DOMAIN.md: Rates): satisfied (with 基本满意 when said so) ÷
rated, in percent. Deputies rating a reply (suggestions/rates.py) and voters rating a deputy's report to
them (liaison/activities/ratings.py) both count with these."""


def percent(part, whole):
    """`part` of `whole` in percent; None when there is nothing to count."""
    return part / whole * 100 if whole else None


def satisfaction_rate(satisfied, rated):
    """满意率, satisfied only: satisfied ÷ rated."""
    return percent(satisfied, rated)


def satisfaction_rate_with_basically(satisfied, basically, rated):
    """满意率 with 基本满意: (satisfied + basically satisfied) ÷ rated."""
    return percent(satisfied + basically, rated)
