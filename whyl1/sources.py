"""The public sources behind every story, cited once and used everywhere.

Each story's claims come from a few public texts: a Cross Validated thread (one
entry per answer used, since each answer has its own author), an AI Stack
Exchange question, Erik Jenner's blog post, a siua.io lesson, *The Elements of
Statistical Learning*, the LARS paper and scikit-learn's documentation. Scenes
show ``credit_line(story)`` as their footnote; the README's Sources section and
any reference list use ``reference_text``. Importing this module is cheap (no
numpy), like ``whyl1.stories``.

A ``url`` is given only where a search found the page at that address; an
answer author is named only where the page itself shows who wrote it. Each
entry's ``evidence`` records how it was confirmed, for whoever checks it next.
"""

from __future__ import annotations

from dataclasses import dataclass

CREDIT_MAX_CHARS = 110  # one footnote line; scenes fit it to the frame width


@dataclass(frozen=True)
class Source:
    """One public source: enough to cite it in full and to credit it in one short line.

    ``short`` and ``byline`` make the on-screen credit (``byline`` names the answer
    of a Q&A thread, or is empty); ``note`` says what whyl1 takes from the source;
    ``evidence`` says how the title, authors and address were confirmed.
    """

    key: str
    title: str
    authors: tuple[str, ...]
    where: str
    year: int | None
    url: str | None
    short: str
    byline: str
    note: str
    evidence: str


_CV_TITLE = "Why L1 norm for sparse models"
_CV_SHORT = f"Cross Validated, '{_CV_TITLE}'"
_CV_URL = "https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models"
_CV_EVIDENCE = (
    "search(pages) 'Why L1 norm for sparse models' returned copies of the Cross Validated "
    "thread (question, the (1, ε) answer first, the gradient-descent answer second); "
    "find_string 'questions/45643' found a reference list giving " + _CV_URL + " the title "
    "'Why L1 norm for sparse models - Cross Validated', and another page quoting the "
    "gradient-descent answer under that link."
)


def _cv_answer(
    key: str, on: str, author: str | None, byline: str, note: str, author_evidence: str
) -> Source:
    """One answer in the Cross Validated thread: the thread's title, address and credit,
    with the answer's topic, its author where the page shows one, and how that was found."""
    return Source(
        key=key,
        title=_CV_TITLE,
        authors=() if author is None else (author,),
        where=f"Cross Validated (Stack Exchange), answer on {on}",
        year=None,
        url=_CV_URL,
        short=_CV_SHORT,
        byline=byline,
        note=note,
        evidence=f"{_CV_EVIDENCE} {author_evidence}",
    )


SOURCES: tuple[Source, ...] = (
    _cv_answer(
        key="cv-epsilon-answer",
        on="the vector (1, ε), and its comments",
        author="bnaul",
        byline="answer by bnaul",
        note=(
            "Shrinking either coordinate of (1, ε) by δ lowers the L1 norm by δ, but the "
            "squared L2 norm by 2δ − δ² or only 2εδ − δ²: L2 gives diminishing returns near "
            "zero. Its comments add that any l_p penalty with p ≤ 1 gives sparsity (p < 1 is "
            "not convex) and that the L0 count is the direct but intractable penalty."
        ),
        author_evidence=(
            "Author: the comment signed 'bnaul' under this answer defends its "
            "last point in the first person ('@StefanWager maybe it's a bit of an "
            "overstatement, but I do think ...'); no independent search hit names the author."
        ),
    ),
    _cv_answer(
        key="cv-steps-answer",
        on="gradient descent, and its comments",
        author="Kent Munthe Caspersen",
        byline="answer by Kent Munthe Caspersen",
        note=(
            "Penalty-only gradient descent from w = 5 with η = ½: L1 (gradient sign(w)) lands "
            "on 0 after 10 steps, L2 (gradient w) halves the weight forever. Its comments raise "
            "the bounce from w = 5.1 (0.1, −0.4, 0.1, ...) and answer that a data loss and a "
            "smaller learning rate make it negligible."
        ),
        author_evidence=(
            "Author: a comment under this answer reads '@KentMuntheCaspersen "
            "Amazing explanation! Thank you for the graphs ...', and the graphs are this "
            "answer's; no independent search hit names the author."
        ),
    ),
    _cv_answer(
        key="cv-orthogonal-answer",
        on="ESL Fig. 3.11 and the orthogonal design",
        author=None,
        byline="the orthogonal-design answer",
        note=(
            "Reproduces ESL Figure 3.11; for an orthogonal design the lasso is soft-thresholding, "
            "so P(sparse lasso solution) > 0 = P(sparse ridge solution) when β̂ ~ N(β, σ²I). "
            "Its commenters ask why the ellipse should touch a corner rather than an edge."
        ),
        author_evidence="Author not confirmed by any search, so none is named.",
    ),
    _cv_answer(
        key="cv-ista-answer",
        on="the proximal gradient method (ISTA)",
        author=None,
        byline="the ISTA answer",
        note=(
            "ISTA for the lasso: a least-squares gradient step, then soft-thresholding, which "
            "sets every component of magnitude at most λ to exactly 0."
        ),
        author_evidence="Author not confirmed by any search, so none is named.",
    ),
    Source(
        key="aise-sparse-features",
        title="Why does L1 regularization yield sparse features?",
        authors=(),
        where="Artificial Intelligence Stack Exchange, its one answer",
        year=None,
        url="https://ai.stackexchange.com/questions/22308/why-does-l1-regularization-yield-sparse-features",
        short="AI Stack Exchange, 'Why does L1 regularization yield sparse features?'",
        byline="",
        note=(
            "The L1 penalty charges every non-zero weight, and for |w| < 1 it charges more "
            "than the squared penalty does, since w² < |w| there."
        ),
        evidence=(
            "search(pages) with the question's first sentence ('L1 regularization usually "
            "yields sparse feature vectors ...') returned this address with the same question "
            "and answer text. The answer's author is not shown in any result, so none is named."
        ),
    ),
    Source(
        key="jenner-singularities",
        title="L1 regularization: sparsity through singularities",
        authors=("Erik Jenner",),
        where="ejenner.com (blog)",
        year=2021,
        url="https://ejenner.com/post/sparsity-singularities/",
        short="E. Jenner, 'L1 regularization: sparsity through singularities'",
        byline="",
        note=(
            "w = 0 minimises L(w) + β|w| for a whole interval of slopes |L'(0)| ≤ β, but "
            "L(w) + βw² only when L'(0) = 0; the MAP view, where a narrow Gaussian prior, "
            "however high its density at 0, gives no zeros: the singularity does."
        ),
        evidence=(
            "search(pages) 'L1 regularization: sparsity through singularities' returned "
            "https://ejenner.com/post/sparsity-singularities/ with the post's text. The site's "
            "public source (GitHub ejnnr/ejnnr.github.io, fetched) has "
            "content/post/sparsity-singularities/index.md with this title and date "
            "2021-02-17, site title 'Erik Jenner' and baseURL https://ejenner.com/ in "
            "config/_default/config.yaml, and the author page content/authors/erik/_index.md."
        ),
    ),
    Source(
        key="siua-l1-lasso",
        title="L1 regularization (Lasso)",
        authors=(),
        where="siua.io, Regularization course module, lesson 3",
        year=None,
        url="https://www.siua.io/learn/courses/ml-math/07-regularization/07-3-l1",
        short="siua.io, 'L1 regularization (Lasso)'",
        byline="",
        note=(
            "The constant L1 gradient λ·sign(w); a step that would overshoot zero is clamped "
            "to exactly 0; the diamond against the circle; 1,000 candidate features of which "
            "about 50 keep a non-zero weight; the elastic net."
        ),
        evidence=(
            "search(pages) 'L1 regularization (Lasso) lesson Regularization constant L1 "
            "gradient ...' returned this address, whose text is the lesson ('Regularization, "
            "Lesson 3, L1 regularization (Lasso)'). No author is shown, so none is named."
        ),
    ),
    Source(
        key="esl",
        title="The Elements of Statistical Learning: Data Mining, Inference, and Prediction",
        authors=("Trevor Hastie", "Robert Tibshirani", "Jerome Friedman"),
        where="Springer Series in Statistics, 2nd edition",
        year=2009,
        url="https://hastie.su.domains/ElemStatLearn/",
        short="Hastie, Tibshirani & Friedman, ESL",
        byline="",
        note=(
            "Figure 3.11 (p. 71): the error contours around the least-squares estimate meet "
            "the lasso diamond and the ridge disk; equation (3.54) (p. 73): the elastic-net "
            "penalty."
        ),
        evidence=(
            "search(pages) returned the book's front matter (Springer Series in Statistics, "
            "second edition) and a catalogue entry (Springer, 2009); the Cross Validated "
            "thread places Figure 3.11 on p. 71 and a Cross Validated question places "
            "formula (3.54) on p. 73. find_string 'hastie.su.domains/ElemStatLearn' found "
            "many pages linking https://hastie.su.domains/ElemStatLearn/ as the authors' "
            "free edition."
        ),
    ),
    Source(
        key="lars",
        title="Least Angle Regression",
        authors=("Bradley Efron", "Trevor Hastie", "Iain Johnstone", "Robert Tibshirani"),
        where="The Annals of Statistics 32(2), 407–499 (with discussion)",
        year=2004,
        url="https://doi.org/10.1214/009053604000000067",
        short="Efron et al. 2004",
        byline="",
        note="The diabetes data: 442 patients, 10 baseline variables, disease progression.",
        evidence=(
            "search(pages) returned the paper's first page ('The Annals of Statistics 2004, "
            "Vol. 32, No. 2, 407–499', by Efron, Hastie, Johnstone and Tibshirani); "
            "search(docs) returned R documentation of the diabetes data citing it with DOI "
            "10.1214/009053604000000067; find_string found that DOI cited as "
            "https://doi.org/10.1214/009053604000000067."
        ),
    ),
    Source(
        key="sklearn-diabetes",
        title="Diabetes dataset",
        authors=("scikit-learn developers",),
        where="scikit-learn documentation, Toy datasets (sklearn.datasets.load_diabetes)",
        year=None,
        url="https://scikit-learn.org/stable/datasets/toy_dataset.html#diabetes-dataset",
        short="scikit-learn, diabetes dataset",
        byline="",
        note=(
            "The 442 × 10 diabetes data as scikit-learn ships it: load_diabetes(scaled=True), "
            "each feature mean-centred and scaled by its standard deviation times √n."
        ),
        evidence=(
            "search(docs) 'scikit-learn toy datasets diabetes ...' returned the Toy datasets "
            "page (1.1) listing load_diabetes, and the load_diabetes page (stable) with "
            "'Samples total 442, Dimensionality 10' and the scaled parameter; find_string "
            "found https://scikit-learn.org/stable/datasets/toy_dataset.html#diabetes-dataset "
            "cited as scikit-learn's 'Diabetes dataset'."
        ),
    ),
    Source(
        key="sklearn-lasso-path",
        title="sklearn.linear_model.lasso_path",
        authors=("scikit-learn developers",),
        where="scikit-learn documentation, API reference",
        year=None,
        url="https://scikit-learn.org/stable/modules/generated/sklearn.linear_model.lasso_path.html",
        short="scikit-learn, lasso_path",
        byline="",
        note=(
            "The lasso objective (1/2n)‖y − Xw‖² + α‖w‖₁, whose α is whyl1's λ, and the "
            "coordinate-descent path the tests compare against."
        ),
        evidence=(
            "search(docs) 'sklearn.linear_model.lasso_path compute Lasso path with coordinate "
            "descent' returned this page (stable), 'Compute Lasso path with coordinate "
            "descent' with the objective above."
        ),
    ),
)

_BY_KEY: dict[str, Source] = {source.key: source for source in SOURCES}

# Every story, its sources, most important first (the credit line shows the first one or two).
STORY_SOURCES: dict[str, tuple[str, ...]] = {
    "penalties": ("cv-steps-answer", "aise-sparse-features", "siua-l1-lasso"),
    "steps": ("cv-steps-answer", "siua-l1-lasso"),
    "oscillation": ("cv-steps-answer", "siua-l1-lasso", "cv-ista-answer"),
    "epsilon": ("cv-epsilon-answer",),
    "kink": ("jenner-singularities",),
    "geometry": ("esl", "siua-l1-lasso", "cv-orthogonal-answer"),
    "thresholding": ("cv-orthogonal-answer",),
    "priors": ("jenner-singularities",),
    "lp-balls": ("cv-epsilon-answer", "esl", "siua-l1-lasso"),
    "path": ("cv-ista-answer", "lars", "sklearn-diabetes", "sklearn-lasso-path"),
    "selection": ("siua-l1-lasso",),
}

# Where in a source a story's claim sits, when that is narrower than the source itself;
# shown in place of the source's byline.
STORY_PARTS: dict[tuple[str, str], str] = {
    ("oscillation", "cv-steps-answer"): "comments on Kent Munthe Caspersen's answer",
    ("lp-balls", "cv-epsilon-answer"): "comments on bnaul's answer",
    ("geometry", "esl"): "Fig. 3.11",
    ("lp-balls", "esl"): "eq. 3.54",
    ("path", "lars"): "diabetes data",
}


def source(key: str) -> Source:
    """The source registered under ``key``; a ``KeyError`` names the unknown key."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown source {key!r}; known: {', '.join(_BY_KEY)}") from None


def story_sources(story: str) -> tuple[Source, ...]:
    """The sources behind ``story``, most important first."""
    return tuple(source(key) for key in STORY_SOURCES[story])


def _credit(story: str, cited: Source) -> str:
    part = STORY_PARTS.get((story, cited.key), cited.byline)
    return f"{cited.short} ({part})" if part else cited.short


def credit_line(story: str) -> str:
    """One short on-screen line crediting the story's main source, and the next if it fits.

    At most two sources, and at most ``CREDIT_MAX_CHARS`` characters, so it stays
    one readable footnote line; the full list is in ``story_sources``.
    """
    pieces = [_credit(story, cited) for cited in story_sources(story)]
    line = f"After: {pieces[0]}"
    if len(pieces) > 1 and len(f"{line}; {pieces[1]}") <= CREDIT_MAX_CHARS:
        line = f"{line}; {pieces[1]}"
    return line


def _author_list(authors: tuple[str, ...]) -> str:
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + f" and {authors[-1]}"


def reference_text(cited: Source | str) -> str:
    """A full citation: authors (year), "title", where, address; unknown parts left out."""
    entry = source(cited) if isinstance(cited, str) else cited
    head = _author_list(entry.authors)
    if entry.year is not None:
        head = f"{head} ({entry.year})" if head else f"({entry.year})"
    text = ""
    for part in (head, f'"{entry.title}"', entry.where):
        if part:
            text += f"{part} " if part.endswith(('?"', '!"')) else f"{part}. "
    return f"{text}{entry.url}" if entry.url else text.rstrip()
