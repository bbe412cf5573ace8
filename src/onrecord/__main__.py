"""``python -m onrecord``: the same command line as the ``onrecord`` script."""

from .cli import main

if __name__ == "__main__":
    main()
