"""lode's interactive SQL shell, in the manner of the duckdb and sqlite3 shells.

``lode`` (or ``lode sql``, or ``python -m lode.shell``) opens it; ``lode -c
"SQL"`` and ``lode file.sql`` run scripts. The modules, one per concept:
``__main__`` (the command line), ``console`` (the interactive loop with
readline), ``statements`` (splitting input at ``;``), ``session`` (the
SQLContext and the running of statements), ``commands`` (the dot-commands)
and ``output`` (the output modes). docs/sql.md, "The shell", describes it.
"""
