"""The site's search: a post-build step that reads the built HTML of both scripts and writes a
search of its own into each (``step.add_search``), and the browser code that runs it
(``static/search.js``, ``static/search.css``, package data).

    extract   HTML → sections (any theme: the article split at headings with an id)
    fold      one character for one: Traditional → Simplified, full width → ASCII
    vocab     the slice of jieba's dictionary the browser needs to cut as jieba does
    assets    sections → index.js, search.js, search.css; the tags added to every page
    step      both built sites in, every file to write out (pure), and the step that writes

Why a search of our own, and how it ranks: README, "Search".
"""
