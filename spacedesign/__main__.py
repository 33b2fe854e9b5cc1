"""``python -m spacedesign`` runs the CLI."""

from spacedesign.cli import main

main()
