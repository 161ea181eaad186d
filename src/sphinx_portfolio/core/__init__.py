"""The pure core: BibTeX scanning, paper records, LaTeX, checks and edits of the sources. No Sphinx."""
