"""``python -m basemap`` runs the command line."""

from basemap.cli.main import main

if __name__ == "__main__":
    main()
