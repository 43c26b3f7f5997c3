"""Builds: a whole site built into a staging folder and swapped in all at once, one build
at a time (``build``, ``swap``), its languages in processes of their own
(``languages``), the live preview that rebuilds only what an edit changes (``preview``),
and the dated zip of a site (``archive``). It drives MkDocs through the adapter
(``mkdocs_plugin.sites``) and imports the rooms below it, never the command line.
"""
