"""What a query names: each form a curator may type after `paperlist add`."""

from __future__ import annotations

import pytest

from paperlist.query import parse_query


@pytest.mark.parametrize(
    "text, kind, s2_id",
    [
        ("2408.03314", "arxiv", "arXiv:2408.03314"),
        ("arXiv:2408.03314v2", "arxiv", "arXiv:2408.03314"),
        ("https://arxiv.org/abs/2408.03314v3", "arxiv", "arXiv:2408.03314"),
        ("https://arxiv.org/pdf/2408.03314", "arxiv", "arXiv:2408.03314"),
        ("https://arxiv.org/pdf/2408.03314v1.pdf", "arxiv", "arXiv:2408.03314"),
        ("arxiv.org/abs/2408.03314", "arxiv", "arXiv:2408.03314"),
        ("http://arxiv.org/abs/hep-th/9901001v1", "arxiv", "arXiv:hep-th/9901001"),
        ("https://arxiv.org/pdf/math.GT/0309136v1", "arxiv", "arXiv:math.GT/0309136"),
        ("https://huggingface.co/papers/2501.18427", "arxiv", "arXiv:2501.18427"),
        ("10.48550/arXiv.2408.03314", "arxiv", "arXiv:2408.03314"),
        ("10.1093/mind/lix.236.433", "doi", "DOI:10.1093/mind/lix.236.433"),
        ("doi:10.1093/mind/lix.236.433", "doi", "DOI:10.1093/mind/lix.236.433"),
        ("https://doi.org/10.18653/v1/2023.acl-long.1", "doi", "DOI:10.18653/v1/2023.acl-long.1"),
        ("https://dl.acm.org/doi/10.1145/3292500.3330701", "doi", "DOI:10.1145/3292500.3330701"),
        ("https://dl.acm.org/doi/pdf/10.1145/3292500.3330701", "doi", "DOI:10.1145/3292500.3330701"),
        ("https://link.springer.com/article/10.1007/s11263-015-0816-y", "doi", "DOI:10.1007/s11263-015-0816-y"),
        ("2d5673caa9e6af3a7b82a43f19ee920992db07ad", "s2", "2d5673caa9e6af3a7b82a43f19ee920992db07ad"),
        (
            "https://www.semanticscholar.org/paper/Computing-Machinery-Turing/2d5673caa9e6af3a7b82a43f19ee920992db07ad",
            "s2",
            "2d5673caa9e6af3a7b82a43f19ee920992db07ad",
        ),
        ("CorpusId:215416146", "corpus", "CorpusId:215416146"),
        ("https://aclanthology.org/2023.acl-long.1/", "acl", "ACL:2023.acl-long.1"),
        ("https://aclanthology.org/P19-1001.pdf", "acl", "ACL:P19-1001"),
        ("https://openreview.net/forum?id=4FWAwZtd2n", "url", "URL:https://openreview.net/forum?id=4FWAwZtd2n"),
        # Links as lists copy them, junk and all.
        ("http://arxiv.org/pdf/1112.6209.pdf&embed", "arxiv", "arXiv:1112.6209"),
        ("http://arxiv.org/pdf/1506.05869.pdf%20(http://arxiv.org/pdf/1506.05869.pdf)", "arxiv", "arXiv:1506.05869"),
        (
            "http://www.mitpressjournals.org/doi/pdfplus/10.1162/neco.1997.9.8.1735",
            "doi",
            "DOI:10.1162/neco.1997.9.8.1735",
        ),
        (
            "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf",
            "doi",
            "DOI:10.1101/2020.01.01.123456",
        ),
        (
            "https://pdfs.semanticscholar.org/f832/b16cb367802609d91d400085eb87d630212a.pdf",
            "s2",
            "f832b16cb367802609d91d400085eb87d630212a",
        ),
        ("https://arxiv.org/abs/2401.00001x", "url", "URL:https://arxiv.org/abs/2401.00001x"),
    ],
)
def test_identifiers_and_links_are_recognised(text, kind, s2_id):
    query = parse_query(text)
    assert (query.kind, query.s2_id) == (kind, s2_id)


@pytest.mark.parametrize("text", ["Tree Search for Language Model Agents", "ARMAP", "test-time compute 2024.1234"])
def test_anything_else_is_a_title_or_keywords(text):
    query = parse_query(text)
    assert query.kind == "title" and not query.is_identifier


def test_whitespace_in_a_title_is_collapsed():
    assert parse_query("  Tree   Search\tfor Agents ").text == "Tree Search for Agents"
