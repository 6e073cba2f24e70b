"""State changes of voters and opinions, one function each, by subject: `intake` (opinions taken down by an
officer, sent through the public form, or met on a visit), `steps` (triage, handling, the return visit,
closing, withdrawing, merging), `voters` (the voters' records), `messages` (what the officers and the voter
are told), `retention` (personal data erased after the retention period). Nothing is deleted: opinions are
closed, withdrawn or merged."""
