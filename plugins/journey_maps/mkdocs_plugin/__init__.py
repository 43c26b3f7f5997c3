"""The MkDocs adapter: the plugin (``plugin``, thin hooks over the modules beside it), its
options (``config``), and everything that touches MkDocs, mkdocs-static-i18n
(``static_i18n``) or the search plugins (``search``). ``sites`` is what the command line
and the builds ask of a site. It imports the core, the pages and i18n; nothing below it
imports it.
"""
