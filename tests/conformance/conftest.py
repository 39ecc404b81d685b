"""The conformance suite also runs over Orchard, a toy third game that lives only in tests/."""

import tests.orchard  # noqa: F401  (registers the game named "orchard")
