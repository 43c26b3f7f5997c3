"""The core: what a journey map is, without any site generator.

The model (``model``) and its YAML (``yaml_source``), reading and checking journey files
(``loading``), their translations (``translation``) and a site's whole set of them
(``collection``), found by the one walk of the docs folder (``docs_folder``), with what
else an author may publish (``author_files``, ``svg_images``); new maps from templates
(``scaffold``); the safe text of fields (``text``); languages, paths and every exception
(``errors``). It imports nothing from the other rooms of the package.
"""
