"""``python -m handouts``: the same command as ``handouts``."""

from cli import main

main()
