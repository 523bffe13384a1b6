"""The `yingshang` console script: Django's management commands under the project's settings.

`yingshang demo`, `yingshang audit verify`, `yingshang enterprises import FILE`... are management
commands; this entry point only saves users from typing `python manage.py` and exporting settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yingshang", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
