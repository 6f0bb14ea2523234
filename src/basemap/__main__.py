"""``python -m basemap`` runs the command line."""

from basemap.cli.main import cli

if __name__ == "__main__":
    cli(prog_name="basemap")
