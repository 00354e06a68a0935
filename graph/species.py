"""Species: common names for display and as ``--species`` shorthands, and the one rule
every species filter follows.

Examples
--------
>>> species_curie("Mouse"), species_curie("NCBITaxon:10116")
('NCBITaxon:10090', 'NCBITaxon:10116')
>>> species_name("NCBITaxon:9606"), species_name(None)
('human', 'species not stated')
>>> species_label("NCBITaxon:10090"), species_label("NCBITaxon:6239")
('mouse (Mus musculus)', 'Caenorhabditis elegans')
>>> in_species("NCBITaxon:10090", "mouse"), in_species(None, "mouse"), in_species(None, None)
(True, False, True)
>>> check_species("ncbitaxon:10116"), check_species("Human")
('NCBITaxon:10116', 'NCBITaxon:9606')
>>> check_species("elephant")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mechkg.species.UnknownSpecies: unknown species 'elephant'; give an NCBITaxon CURIE ...
"""

from __future__ import annotations

import re

from .errors import InvalidQuery

__all__ = [
    "SPECIES",
    "SPECIES_NAMES",
    "UNSTATED",
    "UnknownSpecies",
    "check_species",
    "species_curie",
    "species_label",
    "species_name",
    "in_species",
]

#: Frequent species: CURIE -> (common name, scientific name). The common names are shown
#: in path output and accepted as ``--species`` shorthands.
SPECIES: dict[str, tuple[str, str]] = {
    "NCBITaxon:9606": ("human", "Homo sapiens"),
    "NCBITaxon:10090": ("mouse", "Mus musculus"),
    "NCBITaxon:10116": ("rat", "Rattus norvegicus"),
    "NCBITaxon:9544": ("rhesus macaque", "Macaca mulatta"),
    "NCBITaxon:9823": ("pig", "Sus scrofa"),
    "NCBITaxon:7955": ("zebrafish", "Danio rerio"),
    "NCBITaxon:7227": ("fruit fly", "Drosophila melanogaster"),
    "NCBITaxon:6239": ("C. elegans", "Caenorhabditis elegans"),
    "NCBITaxon:4932": ("yeast", "Saccharomyces cerevisiae"),
}
#: Common names of frequent species, for display and as ``--species`` shorthands.
SPECIES_NAMES: dict[str, str] = {curie: common for curie, (common, _) in SPECIES.items()}
_BY_NAME = {name.casefold(): curie for curie, name in SPECIES_NAMES.items()}
#: How a claim without a species is shown.
UNSTATED = "species not stated"


def species_curie(name: str) -> str:
    """A species given as a CURIE or a common name (``mouse``, any case) as a CURIE."""
    text = name.strip()
    return _BY_NAME.get(text.casefold(), text)


class UnknownSpecies(InvalidQuery):
    """A species that is neither an NCBITaxon CURIE nor a known common name."""


_TAXON = re.compile(r"ncbitaxon:([0-9]+)", re.IGNORECASE)


def check_species(name: str) -> str:
    """The NCBITaxon CURIE of a species given as a CURIE (any case of the prefix) or a
    common name of :data:`SPECIES_NAMES`: what every ``--species`` option accepts.

    Raises
    ------
    UnknownSpecies
        For anything else, naming the common names it knows.
    """
    if not isinstance(name, str):
        raise UnknownSpecies(f"a species must be a str, got {type(name).__name__}")
    curie = species_curie(name)
    match = _TAXON.fullmatch(curie)
    if match is None:
        raise UnknownSpecies(
            f"unknown species {name!r}; give an NCBITaxon CURIE (NCBITaxon:10090) or one "
            "of: " + ", ".join(sorted(_BY_NAME))
        )
    return f"NCBITaxon:{match.group(1)}"


def species_name(curie: str | None) -> str:
    """A species CURIE's common name when known, else the CURIE (:data:`UNSTATED` for
    None)."""
    if curie is None:
        return UNSTATED
    return SPECIES_NAMES.get(curie, curie)


def species_label(curie: str) -> str:
    """A species CURIE as the HTML page names it: ``mouse (Mus musculus)``, the scientific
    name alone when the common name abbreviates it, else the CURIE."""
    if curie not in SPECIES:
        return curie
    common, scientific = SPECIES[curie]
    if common.endswith(scientific.split()[-1]):
        return scientific
    return f"{common} ({scientific})"


def in_species(claim_species: str | None, wanted: str | None) -> bool:
    """Whether a claim of ``claim_species`` passes a filter for ``wanted`` (a CURIE or a
    common name; None lets every claim pass).

    The one rule of every species filter (paths, neighbours, export, the HTML page): a
    claim passes only when it states that species. A claim without a species is not
    known to hold in the one asked for, so it does not pass.
    """
    if wanted is None:
        return True
    return claim_species is not None and claim_species == check_species(wanted)
