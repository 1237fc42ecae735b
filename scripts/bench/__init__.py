"""The build benchmark: time every build step, compare the site build with a plain MkDocs build,
and report the performance goals. Run it from the repository root::

    .venv/bin/python -m scripts.bench [--runs 5] [--quick] [--no-pdf] [--lighthouse] [--serve]
                                      [--json build/bench.json]

The modules, in the order they run:

* ``measure`` — samples (wall and CPU time), running a command in its own process group with
  a time limit, servers that end with their block, the machine's details;
* ``steps`` — the scratch copy of the repository and the build steps: the text pipeline
  (in-process and as a command), ``mkdocs build`` of each script and the baseline,
  ``build_tools site --no-pdf``, the PDF step, synthetic reports, the cold build, profiles;
* ``reader`` — page weight, search index, Lighthouse, ``mkdocs serve`` latency;
* ``report`` — the goals, the printed table, the JSON report;
* ``__main__`` — the arguments and the order of it all.

The synthetic reports come from ``tests/synthetic.py``, which the tests share.
"""
