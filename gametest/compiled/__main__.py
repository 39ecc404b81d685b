"""`python -m gametest.compiled build|clean|status`: the same as `gametest engine ...`."""

import sys

from gametest.cli import main

main(["engine", *sys.argv[1:]], prog_name="python -m gametest.compiled")
