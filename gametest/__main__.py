"""`python -m gametest` runs the command line."""

from gametest.cli import main

main()
