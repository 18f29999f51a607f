"""``python -m aimaq.cli``: the ``aimaq`` command without its console script."""

from aimaq.cli.main import main

if __name__ == "__main__":
    main()
