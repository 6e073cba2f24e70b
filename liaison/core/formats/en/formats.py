"""The one style of liaison/core/formats."""

from liaison.core.formats import *  # noqa: F403
