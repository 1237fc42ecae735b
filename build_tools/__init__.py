"""Publish a scraped Chinese government report as a site and a PDF, in both scripts.

The layers, each importing only from the ones listed before it:

* ``errors``, ``paths`` — the exceptions, and every path, file name and script name;
* ``text`` — bytes → :class:`~build_tools.text.model.Document`: the pipeline of pure stages
  (load, clean, repair, script, parse, verify) that repairs the scraped text faithfully;
* ``curated`` — the only readers of YAML: a report's config, the conversion corrections,
  the glossary, the figures file; validated with ``file:line`` errors;
* ``pages`` — Document → ``{path: Markdown}``: the report's pages, the notes, the indexes
  (glossary, figures and charts, cited documents), the navigation;
* ``publish`` — the shell: the only writer, the project, the MkDocs plugin, the site build,
  the root page, the PDFs;
* ``cli`` — the command line, a leaf.
"""
