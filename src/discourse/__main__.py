"""``python -m discourse``: the ``discourse`` command, for a Python whose scripts folder is
not on ``PATH`` (a notebook's kernel, a venv not activated)."""

from .cli import main

if __name__ == "__main__":
    main()
