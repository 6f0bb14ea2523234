"""``python -m basemap`` runs the command line."""

from basemap.cli.main import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
