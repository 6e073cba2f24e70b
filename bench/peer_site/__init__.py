"""The peer in the benchmark's run: a minimal Django project around django-helpdesk (latest release from PyPI),
installed by bench/peer.py in its own virtual environment under the bench's work folder and never a dependency
of the product. Only that environment imports this package (and bench/copy.py, bench/rows.py, bench/tasks.py,
which need Django and psycopg only)."""
