"""Interface words in every language: gettext catalogs (``catalogs``), merged across the
package and the site, each entry checked against its original (``placeholders``), and the
translators' commands over them and over the journeys' translations (``commands``). It
imports the core, and nothing else of the package.
"""
