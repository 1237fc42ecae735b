"""``gov-report library``: a library of reports, each built on its own by the single report's
code, published together under one home page (``build.py``; ``new.py`` starts one)."""
