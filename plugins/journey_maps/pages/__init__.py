"""The pages: what readers get, worked out and rendered without any site generator.

A map page (``rendering``, with its ``lanes``, ``emotion_curve``, ``comparison``,
``formatting`` and ``interface_words``), the gallery (``gallery``), the touchpoint indexes
(``touchpoints``), the files for machines (``outputs``), and one language's whole set of
them (``site``), with where each goes (``plan``) and what may reach the built site
(``site_files``). Templates are in the package's ``templates/`` folder. It imports the
core, and nothing else of the package.
"""
