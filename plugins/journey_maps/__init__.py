"""Journey Maps: customer journey maps written as Markdown with YAML front-matter.

The core (``model``, ``yaml_source``, ``loading``, ``rendering`` and their helpers) imports
nothing from MkDocs, so it outlives any one site generator; ``plugin`` and ``cli`` adapt it
to MkDocs.
"""

__version__ = "0.1.0"
