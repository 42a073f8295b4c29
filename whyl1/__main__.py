"""``python -m whyl1`` runs the CLI, for environments without the console script."""

from whyl1.cli import main

main()
