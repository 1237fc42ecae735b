"""Build tools that publish a Chinese government work report as a site and a PDF.

The text pipeline (``pipeline.STAGES``) turns one scraped page into a typed
:class:`~build_tools.model.Document` holding the report in Simplified and
Traditional Chinese together with the editorial record of every change.
"""
