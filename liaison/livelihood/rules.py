"""The rules of a vote on livelihood projects, defined once: who votes, the quorum, when a project carries.

Seed 003 names the practice (镇级民生实事人大代表票决项目; 群众“点单”、代表“定单”、政府“接单”、人大“督单”)
but gives no numbers. These are the rules of a people's congress meeting in the Organic Law of the Local
People's Congresses, which such votes follow: the meeting is held only when more than half of all the
deputies are present (过半数代表出席), and a decision passes with the votes of more than half of all the
deputies (全体代表的过半数通过), not of those present."""

from deputies.models import Level
from liaison.models import Jurisdiction

# Who votes at each level of the tree. A town has a congress of its own; a street has none, and its 人大工委
# brings together the district deputies elected in its area (DOMAIN.md): so a street's vote is by its
# district deputies, or a town's by its township deputies. A district's by its district deputies.
VOTING_LEVELS = {
    Jurisdiction.Level.STREET: (Level.COUNTY, Level.TOWNSHIP),
    Jurisdiction.Level.DISTRICT: (Level.COUNTY,),
    Jurisdiction.Level.CITY: (Level.CITY,),
}


def more_than_half(part, whole):
    return part * 2 > whole


def quorum_met(present, total):
    """QUORUM: more than half of all the deputies of the level are present."""
    return more_than_half(present, total)


def carries(votes_for, total):
    """A candidate carries when its for-votes exceed half of all the deputies of the level."""
    return more_than_half(votes_for, total)
