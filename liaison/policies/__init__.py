"""The policy a jurisdiction chooses (issue 18): how long a voter waits for an answer and whether that
counts working days, how far ahead a reception day is published, whether 基本满意 sends a suggestion to a
second round. Staff set it on a page; every change is a new version, recorded in the security log, and a
case keeps the policy in force when it began (the opinion its due date, the suggestion its rule on
evaluation, the reception day its lead time), so a change reaches new cases only. Part of the project room
(liaison/), so that activities, voters and suggestions all read it."""
