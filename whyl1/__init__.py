"""whyl1: why L1 regularization gives exact zeros and L2 does not."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """``whyl1.show`` (``whyl1.notebook.show``), imported on first use: the pipeline and
    the page it needs are not loaded by ``import whyl1``, so ``whyl1 list`` starts fast."""
    if name == "show":
        from whyl1.notebook import show

        return show
    raise AttributeError(f"module 'whyl1' has no attribute {name!r}")
