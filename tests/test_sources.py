"""whyl1.sources: every story cites real public sources, every citation resolves, and no
product text points at the developers' internal notes instead."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from whyl1 import sources, stories

ROOT = Path(__file__).resolve().parents[1]

# The addresses found by searching, written out independently of the registry: a URL in
# whyl1.sources that is not here was not confirmed. How each was found:
CONFIRMED_URLS = {
    # search(pages) 'Why L1 norm for sparse models' (thread copies); find_string
    # 'questions/45643' (reference list: "Why L1 norm for sparse models - Cross Validated")
    "https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models",
    # search(pages) with the question's first sentence: this page, same question and answer
    "https://ai.stackexchange.com/questions/22308/why-does-l1-regularization-yield-sparse-features",
    # search(pages) with the post title; the site's source repo ejnnr/ejnnr.github.io
    "https://ejenner.com/post/sparsity-singularities/",
    # search(pages) with the lesson's subtitle: this page, "Regularization, Lesson 3"
    "https://www.siua.io/learn/courses/ml-math/07-regularization/07-3-l1",
    # find_string 'hastie.su.domains/ElemStatLearn': linked as the authors' free edition
    "https://hastie.su.domains/ElemStatLearn/",
    # search(docs)/find_string: DOI 10.1214/009053604000000067 of Efron et al. (2004)
    "https://doi.org/10.1214/009053604000000067",
    # search(docs) toy datasets / load_diabetes; find_string cites this section
    "https://scikit-learn.org/stable/datasets/toy_dataset.html#diabetes-dataset",
    # search(docs) 'sklearn.linear_model.lasso_path compute Lasso path ...'
    "https://scikit-learn.org/stable/modules/generated/sklearn.linear_model.lasso_path.html",
}

# What no product text may name: the internal notes and their folder.
INTERNAL = re.compile(r"seed ?0[0-9]{2}|seeds|\.\./shared|CONTENT\.md", re.IGNORECASE)

STORY_NAMES = [story.name for story in stories.STORIES]


def _all_text(source: sources.Source) -> list[str]:
    fields = [source.key, source.title, source.where, source.short, source.byline]
    return [*fields, source.note, source.evidence, *source.authors, source.url or ""]


def test_every_story_of_the_catalogue_has_sources_and_nothing_else_does():
    assert set(sources.STORY_SOURCES) == set(STORY_NAMES)
    for name in STORY_NAMES:
        assert sources.STORY_SOURCES[name], name
        assert len(set(sources.STORY_SOURCES[name])) == len(sources.STORY_SOURCES[name]), name


def test_every_key_resolves_and_keys_are_unique():
    keys = [source.key for source in sources.SOURCES]
    assert len(keys) == len(set(keys))
    cited = {key for keys in sources.STORY_SOURCES.values() for key in keys}
    for key in cited:
        assert sources.source(key).key == key
    assert cited == set(keys), "a registered source that no story cites"
    for story, key in sources.STORY_PARTS:
        assert key in sources.STORY_SOURCES[story], (story, key)
    with pytest.raises(KeyError, match="unknown source 'nope'"):
        sources.source("nope")


def test_every_source_is_complete_and_urls_are_confirmed_https():
    for source in sources.SOURCES:
        assert source.title and source.where and source.short and source.note, source.key
        assert source.evidence, f"{source.key}: how was it confirmed?"
        if source.url is not None:
            assert source.url.startswith("https://"), source.url
            assert source.url in CONFIRMED_URLS, f"{source.key}: unconfirmed {source.url}"
        assert source.year is None or 1900 < source.year < 2100


def test_answers_of_one_thread_are_told_apart():
    """The four answers of the Cross Validated thread share its address; each needs its own
    byline, or a credit could not say which answer (and author) a claim comes from."""
    by_url: dict[str, list[sources.Source]] = {}
    for source in sources.SOURCES:
        by_url.setdefault(source.url or source.key, []).append(source)
    for same_page in by_url.values():
        if len(same_page) > 1:
            bylines = [source.byline for source in same_page]
            assert all(bylines) and len(set(bylines)) == len(bylines), bylines


def test_named_authors_appear_in_the_credit_of_their_answer():
    for source in sources.SOURCES:
        if source.byline and source.authors:
            assert all(author in source.byline for author in source.authors), source.key


def test_no_source_text_names_the_internal_notes():
    for source in sources.SOURCES:
        for text in _all_text(source):
            assert not INTERNAL.search(text), (source.key, text)
    for name in STORY_NAMES:
        assert not INTERNAL.search(sources.credit_line(name)), name
    for source in sources.SOURCES:
        assert not INTERNAL.search(sources.reference_text(source)), source.key


@pytest.mark.parametrize("name", STORY_NAMES)
def test_credit_line_fits_and_names_the_main_source(name):
    line = sources.credit_line(name)
    main = sources.source(sources.STORY_SOURCES[name][0])
    assert line.startswith(f"After: {main.short}")
    assert len(line) <= sources.CREDIT_MAX_CHARS, (len(line), line)
    assert "\n" not in line
    credited = [s for s in sources.story_sources(name) if s.short in line]
    assert 1 <= len(credited) <= 2, line


def test_credit_line_shows_the_part_of_a_source_a_story_uses():
    # ESL is cited for its Figure 3.11 in one story and its equation (3.54) in another
    assert "ESL (Fig. 3.11)" in sources.credit_line("geometry")
    assert sources.credit_line("epsilon").endswith("(answer by bnaul)")
    assert "comments on Kent Munthe Caspersen's answer" in sources.credit_line("oscillation")


def test_reference_text_is_a_full_citation():
    esl = sources.reference_text("esl")
    assert esl == (
        "Trevor Hastie, Robert Tibshirani and Jerome Friedman (2009). "
        '"The Elements of Statistical Learning: Data Mining, Inference, and Prediction". '
        "Springer Series in Statistics, 2nd edition. https://hastie.su.domains/ElemStatLearn/"
    )
    for source in sources.SOURCES:
        text = sources.reference_text(source)
        assert source.title in text and source.where in text
        assert all(author in text for author in source.authors)
        if source.url:
            assert text.endswith(source.url)
    # a question title ending in "?" is not followed by a stray period
    assert '?" Artificial Intelligence' in sources.reference_text("aise-sparse-features")


def test_importing_sources_is_cheap():
    probe = "import sys, whyl1.sources; print('numpy' in sys.modules, 'manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def _product_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in ("whyl1", "scenes", "figures"):
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".js"})
    return files


def test_no_product_file_names_the_internal_notes():
    """What users see (code, scene text, error messages, README) cites public sources only."""
    offenders = []
    for path in _product_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INTERNAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_readme_lists_every_reference_of_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Sources" in readme
    for source in sources.SOURCES:
        assert sources.reference_text(source) in readme, source.key
