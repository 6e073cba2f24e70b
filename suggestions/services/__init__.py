"""State changes of the closed loop 提、交、办、督、评, one function each, in a module per part of the loop:
`proposals` (提), `assignments` (交), `replies` (办 and 评), `supervision` (督); `steps` holds what they share.

Every function checks who may act and in which state (against the tables of `suggestions.transitions`),
runs in one transaction, locks the suggestion row so that of two people acting at once one succeeds and the
other is told what happened, and writes an event. A refused step raises ActionRefused."""
