"""Reading any awesome paper list, whatever its layout, into entries to resolve."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from paperlist.importers.generic import (
    GenericList,
    Link,
    ListEntry,
    clean_title,
    clean_topic,
    link_kind,
    parse_date,
    parse_venue,
    read_generic,
)

LISTS = FIXTURES / "lists"


def read(name: str) -> GenericList:
    return read_generic((LISTS / name).read_text(encoding="utf-8"), source=name)


def summary(result: GenericList) -> list[tuple]:
    """(line, title, topic, paper URLs, date, venue) of each entry."""
    return [
        (e.line, e.title, e.topic, tuple(link.url for link in e.paper_links), e.date, e.venue) for e in result.entries
    ]


def only(text: str) -> ListEntry:
    result = read_generic(text)
    assert len(result.entries) == 1, result.entries
    return result.entries[0]


# --- the five layouts, and a list that mixes them ---------------------------------------------


def test_list_items_with_bold_linked_or_quoted_titles():
    result = read("list-items.md")
    assert summary(result) == [
        (
            13,
            "Reasoning with Language Model Prompting: A Survey",
            "Surveys",
            ("https://arxiv.org/abs/2212.09597",),
            "2022-12",
            "ACL 2023",
        ),
        (
            17,
            "Towards Reasoning in Large Language Models: A Survey",
            "Surveys",
            ("https://arxiv.org/abs/2212.10403",),
            "2022-12",
            "ACL 2023",
        ),
        (21, "A Survey We Only Know By Name", "Surveys", (), None, None),
        (
            27,
            "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
            "Chain of Thought",
            ("https://arxiv.org/abs/2201.11903",),
            None,
            None,
        ),
        (
            28,
            "Self-Consistency Improves Chain of Thought Reasoning in Language Models",
            "Chain of Thought",
            ("https://arxiv.org/abs/2203.11171v4",),
            "2023",
            "ICLR 2023",
        ),
        (
            29,
            "Large Language Models are Zero-Shot Reasoners",
            "Chain of Thought",
            ("http://export.arxiv.org/pdf/2205.11916.pdf",),
            "2022",
            "NeurIPS 2022",
        ),
        (
            30,
            "Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
            "Chain of Thought",
            ("https://arxiv.org/abs/2305.10601",),
            "2023-05",
            None,
        ),
        (41, "Reasoning Toolkit", "Tools and Blogs", (), "2023-10", None),
        (
            42,
            "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
            "Tools and Blogs",
            ("https://arxiv.org/abs/2201.11903",),
            None,
            None,
        ),
    ]
    assert result.skipped == []
    assert all(e.source == "list-items.md" for e in result.entries)


def test_list_items_keep_every_link_with_its_kind_and_text():
    first, _, _, cot = read("list-items.md").entries[:4]
    assert first.links == (
        Link("https://arxiv.org/abs/2212.09597", "paper", "Paper"),
        Link("https://github.com/zjunlp/Prompt4ReasoningPapers", "code", "Code"),
    )
    assert cot.links[1] == Link(
        "https://ai.googleblog.com/2022/05/language-models-perform-reasoning-via.html", "other", "blog"
    )


def test_plain_links_with_sub_bullets():
    # The list groups its papers by year under "## Papers": a year heading is no topic of its own.
    result = read("links-subbullets.md")
    assert summary(result) == [
        (
            22,
            "Direct Preference Optimization Made Simple",
            "Papers",
            ("https://arxiv.org/pdf/2401.00001.pdf",),
            None,
            None,
        ),
        (
            27,
            "Reward Models Under Shift",
            "Papers",
            ("https://openreview.net/forum?id=AbCdEf123",),
            "2024",
            "ICLR 2024",
        ),
        (32, "A Blog Post on Preference Data", "Papers", (), None, None),
        (
            36,
            "Weekly Pick One: Scaling Preference Data",
            "Papers",
            ("https://arxiv.org/abs/2403.01234",),
            "2024-03-15",
            "NeurIPS 2024",
        ),
        (
            37,
            "Weekly Pick Two: Reward Hacking in the Wild",
            "Papers",
            ("https://huggingface.co/papers/2403.05678",),
            "2024-03-15",
            None,
        ),
        (
            41,
            "Training Language Models to Follow Instructions with Human Feedback",
            "Papers",
            ("https://arxiv.org/abs/2203.02155",),
            None,
            None,
        ),
        (44, "Secrets of RLHF in Large Language Models", "Papers", ("https://arxiv.org/abs/2307.04964",), None, None),
        (45, "Direct Preference Optimization Made Simple", "Papers", ("https://arxiv.org/abs/2401.00001",), None, None),
        (47, "GPT-4 Technical Report", "Papers", ("https://cdn.openai.com/papers/gpt-4.pdf",), None, None),
    ]


def test_a_sub_bullet_with_only_a_code_link_belongs_to_the_item_above():
    entry = read("links-subbullets.md").entries[1]
    assert [link.url for link in entry.links] == [
        "https://openreview.net/forum?id=AbCdEf123",
        "https://github.com/example/rm-shift",
    ]


def test_titles_with_shields_badges():
    result = read("title-badges.md")
    assert summary(result) == [
        (
            16,
            "Stop Overthinking: A Survey on Efficient Reasoning for Large Language Models",
            "Survey",
            ("https://arxiv.org/abs/2503.16419",),
            "2025",
            "TMLR 2025",
        ),
        (19, "Efficient Reasoning Models: A Survey", "Survey", ("https://arxiv.org/pdf/2504.10903",), "2025-04", None),
        (
            23,
            "s1: Simple test-time scaling",
            "Efficient Training",
            ("https://arxiv.org/pdf/2501.19393",),
            "2025-01",
            None,
        ),
        (
            25,
            "LIMO: Less is More for Reasoning",
            "Efficient Training",
            ("https://arxiv.org/pdf/2502.03387",),
            "2025-02",
            "COLM 2025",
        ),
        (
            27,
            "A Light Recipe for Long Chain-of-Thought",
            "Efficient Training",
            ("https://aclanthology.org/2025.acl-industry.24/",),
            "2025-03",
            "ACL 2025",
        ),
        (
            29,
            "Thinking Fast With Badges",
            "Efficient Training",
            ("https://arxiv.org/abs/2402.12345",),
            "2025",
            "ICLR 2025",
        ),
        (30, "Budgeted Thinking, Project Page Only", "Efficient Training", (), None, None),
        (
            31,
            "LIMO: Less is More for Reasoning",
            "Efficient Training",
            ("https://arxiv.org/pdf/2502.03387v2",),
            "2025-02",
            None,
        ),
        (36, "Notes on Thinking Budgets", "Blog & Project", (), None, None),
    ]


def test_an_arxiv_badge_becomes_a_paper_link_and_the_badge_link_keeps_its_target():
    entry = read("title-badges.md").entries[5]
    assert entry.links == (
        Link("https://example.org/thinking-fast", "other", "arXiv"),
        Link("https://arxiv.org/abs/2402.12345", "paper", "arXiv"),
    )


def test_markdown_pipe_tables():
    result = read("pipe-table.md")
    assert summary(result) == [
        (
            13,
            "Efficient Memory Management for Large Language Model Serving with PagedAttention",
            "Serving Framework",
            ("https://arxiv.org/pdf/2309.06180.pdf",),
            "2023-09",
            None,
        ),
        (
            14,
            "High-Throughput Generative Inference of Large Language Models with a Single GPU",
            "Serving Framework",
            ("https://arxiv.org/pdf/2303.06865.pdf",),
            "2023-03",
            None,
        ),
        (15, "NVIDIA TensorRT LLM", "Serving Framework", (), "2023-10", None),
        (
            16,
            "PowerInfer: Fast Large Language Model Serving with a Consumer-grade GPU",
            "Serving Framework",
            ("https://example.edu/papers/powerinfer.pdf",),
            "2023-12",
            None,
        ),
        (17, "", "Serving Framework", ("https://arxiv.org/pdf/2401.08671.pdf",), "2024-01", None),
        (
            23,
            "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
            "Quantization",
            ("https://arxiv.org/abs/2210.17323",),
            "2022-10-31",
            "ICLR 2023",
        ),
        (
            24,
            "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
            "Quantization",
            ("https://arxiv.org/pdf/2306.00978",),
            "2023-06-01",
            "MLSys 2024",
        ),
        (
            25,
            "Efficient Memory Management for Large Language Model Serving with PagedAttention",
            "Quantization",
            ("https://arxiv.org/abs/2309.06180",),
            "2023-09-12",
            None,
        ),
        (26, "A Table Row With A Pipe | In Its Title", "Quantization", (), "2024", None),
    ]


def test_a_table_row_drops_star_badges_but_keeps_the_code_link():
    vllm = read("pipe-table.md").entries[0]
    assert vllm.links == (
        Link("https://arxiv.org/pdf/2309.06180.pdf", "paper", "pdf"),
        Link("https://github.com/vllm-project/vllm", "code", "vllm"),
    )


def test_raw_html_items_and_table_rows():
    result = read("html.md")
    assert summary(result) == [
        (
            16,
            "A Survey on Large Language Model based Autonomous Agents",
            "Survey",
            ("https://arxiv.org/abs/2308.11432",),
            "2023-08",
            None,
        ),
        (
            17,
            "The Rise and Potential of Large Language Model Based Agents: A Survey",
            "Survey",
            ("https://arxiv.org/abs/2309.07864",),
            "2023-09",
            None,
        ),
        (20, "Agents & Tools: A Field Guide", "Survey", (), "2024", "NeurIPS 2024"),
        (37, "ReAct", "Agents", ("https://arxiv.org/abs/2210.03629",), "2022-10", None),
        (45, "Reflexion", "Agents", ("https://arxiv.org/abs/2303.11366",), "2023-03", None),
        (53, "AutoGPT", "Agents", (), "2023-04", None),
        (61, "Voyager", "Agents", ("https://arxiv.org/abs/2305.16291",), "2023-05", None),
        (
            71,
            "Generative Agents: Interactive Simulacra of Human Behavior",
            "Memory",
            ("https://arxiv.org/abs/2304.03442",),
            "2023",
            "UIST 2023",
        ),
        (
            72,
            "ReAct: Synergizing Reasoning and Acting in Language Models",
            "Memory",
            ("https://arxiv.org/abs/2210.03629",),
            None,
            None,
        ),
        (73, "MemoryBank", "Memory", (), None, None),
    ]


def test_an_html_item_over_two_lines_keeps_both_links():
    entry = read("html.md").entries[1]
    assert [link.kind for link in entry.links] == ["paper", "code"]


def test_a_list_that_mixes_layouts():
    result = read("mixed.md")
    assert summary(result) == [
        (
            17,
            "Attention Is All You Need",
            "Language Models",
            ("https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf",),
            "2017-06",
            "NeurIPS 2017",
        ),
        (
            18,
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "Language Models",
            ("https://aclanthology.org/N19-1423/",),
            "2019",
            "NAACL 2019",
        ),
        (24, "An Image is Worth 16x16 Words", "Vision", ("https://arxiv.org/abs/2010.11929",), "2021", "ICLR 2021"),
        (
            25,
            "Deep Residual Learning for Image Recognition",
            "Vision",
            ("https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf",),
            "2016",
            "CVPR 2016",
        ),
        (
            30,
            "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
            "Newer Papers",
            ("https://arxiv.org/abs/2312.00752",),
            "2023-12",
            None,
        ),
        (
            33,
            "Retentive Network: A Successor to Transformer for Large Language Models",
            "Newer Papers",
            ("https://www.arxiv.org/abs/2307.08621v1",),
            "2023-07",
            None,
        ),
        (41, "", "Newer Papers", ("https://arxiv.org/abs/2402.00002",), None, None),
        (42, "Attention Is All You Need", "Newer Papers", ("https://arxiv.org/abs/1706.03762",), "2017-06-12", None),
    ]


def test_an_entry_with_a_merge_conflict_inside_is_skipped_with_the_reason():
    assert read("mixed.md").skipped == [(35, "merge-conflict marker inside the entry 'A Broken Entry'")]


# --- what is not an entry ---------------------------------------------------------------------


def test_table_of_contents_items_are_not_entries():
    assert read_generic("## Contents\n\n- [Survey](#survey)\n\n## Papers\n\n- [Survey](#survey)\n").entries == []


def test_a_link_to_another_section_of_the_same_file_is_not_an_entry():
    assert read_generic("- [Survey](README.md#survey)\n- [Back](./#top)\n").entries == []


def test_a_label_item_without_a_link_is_not_an_entry():
    assert read_generic("- Keywords: RL\n- a sentence about the list\n").entries == []


def test_code_blocks_and_html_comments_are_ignored():
    text = "```\n- **A** [[paper](https://arxiv.org/abs/2401.00001)]\n```\n<!-- - **B** [[paper](https://arxiv.org/abs/2401.00002)] -->\n"
    assert read_generic(text).entries == []


def test_entries_under_contributing_or_citation_are_dropped():
    text = "## Citation\n\n- **Our Survey** [[paper](https://arxiv.org/abs/2401.00001)]\n\n### BibTeX\n\n- **Still Chrome** [[paper](https://arxiv.org/abs/2401.00003)]\n\n## Papers\n\n- **Kept** [[paper](https://arxiv.org/abs/2401.00002)]\n"
    assert [e.title for e in read_generic(text).entries] == ["Kept"]


def test_a_paragraph_without_a_paper_link_is_not_an_entry():
    assert read_generic("Also check out [our other list](https://github.com/x/y)!\n").entries == []


def test_a_grouping_item_is_not_an_entry_but_its_date_reaches_the_papers_under_it():
    text = "- **[2024.03.15]**\n    - [Paper A](https://arxiv.org/abs/2403.00001)\n    - [Paper B](https://arxiv.org/abs/2403.00002)\n"
    assert [(e.title, e.date) for e in read_generic(text).entries] == [
        ("Paper A", "2024-03-15"),
        ("Paper B", "2024-03-15"),
    ]


def test_a_nested_paper_with_a_title_of_its_own_is_its_own_entry():
    text = "- **Survey** [[paper](https://arxiv.org/abs/2401.00001)]\n  - Follow-up: **Extension** [[paper](https://arxiv.org/abs/2401.00002)]\n"
    assert [(e.line, e.title) for e in read_generic(text).entries] == [(1, "Survey"), (2, "Extension")]


def test_a_stars_badge_paragraph_belongs_to_the_entry_above():
    text = "1. [**A Title.**](https://arxiv.org/abs/2307.10156) *A. Author.* Arxiv 2023.\n\n&nbsp;&nbsp; [![stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b)\n"
    entry = only(text)
    assert [link.url for link in entry.links] == ["https://arxiv.org/abs/2307.10156", "https://github.com/a/b"]


def test_duplicate_links_in_an_entry_are_kept_once():
    entry = only(
        "- **T** [[paper](https://arxiv.org/abs/2401.00001)] <https://arxiv.org/abs/2401.00001> https://arxiv.org/abs/2401.00001\n"
    )
    assert entry.links == (Link("https://arxiv.org/abs/2401.00001", "paper", "paper"),)


def test_autolinks_bare_urls_and_html_hrefs_are_links():
    entry = only(
        '- **T** <https://github.com/a/b> see https://arxiv.org/abs/2401.00001. <a href="https://x.com/a?b=1&amp;c=2">tweet</a>\n'
    )
    assert [link.url for link in entry.links] == [
        "https://github.com/a/b",
        "https://arxiv.org/abs/2401.00001",
        "https://x.com/a?b=1&c=2",
    ]


def test_a_setext_heading_is_a_topic():
    assert only("Agents\n------\n\n- **T** [[paper](https://arxiv.org/abs/2401.00001)]\n").topic == "Agents"


def test_a_bold_line_before_a_list_is_a_topic():
    assert (
        only("**In web scenarios**\n- **T** [[paper](https://arxiv.org/abs/2401.00001)]\n").topic == "In web scenarios"
    )


def test_an_entry_before_any_heading_has_no_topic():
    assert only("- **T** [[paper](https://arxiv.org/abs/2401.00001)]\n").topic is None


# --- link kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2201.11903",
        "https://arxiv.org/abs/2201.11903v2",
        "https://arxiv.org/pdf/2201.11903",
        "https://arxiv.org/pdf/2201.11903.pdf",
        "https://arxiv.org/pdf/2201.11903v3.pdf",
        "http://arxiv.org/abs/2201.11903",
        "https://www.arxiv.org/abs/2201.11903",
        "https://export.arxiv.org/abs/2201.11903",
        "https://browse.arxiv.org/pdf/2306.00978.pdf",
        "https://arxiv.org/html/2402.12345v1",
        "https://arxiv.org/abs/hep-th/9901001",
        "https://huggingface.co/papers/2402.12345",
        "https://doi.org/10.1145/3442188.3445922",
        "https://dl.acm.org/doi/10.1145/3442188.3445922",
        "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        "https://aclanthology.org/2023.acl-long.1/",
        "https://aclanthology.org/2023.acl-long.1.pdf",
        "https://www.aclweb.org/anthology/P19-1001",
        "https://openreview.net/forum?id=EQgEMAD4kv",
        "https://openreview.net/pdf?id=EQgEMAD4kv",
        "https://proceedings.neurips.cc/paper_files/paper/2022/hash/9d5609613524ecf4f15af0f7b31abca4-Abstract-Conference.html",
        "https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf",
        "https://proceedings.mlr.press/v202/kirchenbauer23a.html",
        "https://openaccess.thecvf.com/content/CVPR2022/html/Rombach_High-Resolution_CVPR_2022_paper.html",
        "https://ieeexplore.ieee.org/document/9878449",
        "https://ieeexplore.ieee.org/abstract/document/9878449",
        "https://link.springer.com/article/10.1007/s11263-015-0816-y",
        "https://link.springer.com/chapter/10.1007/978-3-030-58452-8_13",
        "https://www.sciencedirect.com/science/article/pii/S0004370221000862",
        "https://www.biorxiv.org/content/10.1101/2022.07.20.500902v1",
        "https://www.medrxiv.org/content/10.1101/2020.03.19.20039354v1",
        "https://ojs.aaai.org/index.php/AAAI/article/view/26123",
        "https://www.ijcai.org/proceedings/2023/0001.pdf",
        "https://jmlr.org/papers/v21/20-074.html",
        "https://www.jmlr.org/papers/volume21/20-074/20-074.pdf",
        "https://www.ecva.net/papers/eccv_2022/papers_ECCV/html/1_ECCV_2022_paper.php",
        "https://cdn.openai.com/papers/gpt-4.pdf",
    ],
)
def test_paper_links(url):
    assert link_kind(url) == "paper"


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/vllm-project/vllm",
        "https://github.com/vllm-project/vllm/tree/main/benchmarks",
        "https://gitlab.com/group/project",
        "https://bitbucket.org/team/repo",
        "https://codeberg.org/user/repo",
        "https://huggingface.co/meta-llama/Llama-2-7b",
        "https://huggingface.co/datasets/openai/gsm8k",
        "https://huggingface.co/spaces/Qwen/Qwen2-VL",
    ],
)
def test_code_links(url):
    assert link_kind(url) == "code"


@pytest.mark.parametrize(
    "url",
    [
        "https://vllm-project.github.io/",
        "https://ai.googleblog.com/2022/05/language-models.html",
        "https://twitter.com/someone/status/1",
        "https://x.com/someone/status/1",
        "https://www.youtube.com/watch?v=abc",
        "https://medium.com/@someone/post-123",
        "https://www.notion.so/Some-Page-123",
        "https://openreview.net/group?id=ICLR.cc/2024/Conference",
        "https://arxiv.org/list/cs.CL/recent",
        "https://doi.org/",
        "mailto:someone@example.com",
        "not a url",
        "http://[broken",
    ],
)
def test_other_links(url):
    assert link_kind(url) == "other"


# --- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, title",
    [
        ("**Title Here**, A. Author, B. Author", "Title Here"),
        ("[Title Here](https://arxiv.org/abs/2401.00001). Ada Lovelace. NeurIPS 2024.", "Title Here"),
        ('"Title Here". Authors. *NeurIPS 2022* [[pdf](https://arxiv.org/pdf/2201.00001)]', "Title Here"),
        ("“Title Here.” Authors.", "Title Here"),
        ("[**Title Here.**](https://arxiv.org/abs/2401.00001) *Author.*", "Title Here"),
        ("🔥[**vLLM**] Efficient Memory Management(@UC Berkeley etc)", "Efficient Memory Management"),
        ("[FlexGen] High-Throughput Inference (@Stanford)", "High-Throughput Inference"),
        (
            "[2023/07] Toolformer: Models Can Teach Themselves. *Timo Schick et al.* [[paper](https://arxiv.org/abs/2302.04761)]",
            "Toolformer: Models Can Teach Themselves",
        ),
        ("**[2024.05.01]** **Dated Title**", "Dated Title"),
        ("Paper: [Linked Title](https://arxiv.org/abs/2401.00001)", "Linked Title"),
        ("![](https://img.shields.io/badge/ICLR-2025-blue) **After A Badge**", "After A Badge"),
        ("<i><b>Agents &amp; Tools</b></i>, First et al.", "Agents & Tools"),
        ("**Stars \\*and\\* Escapes\\_**", "Stars *and* Escapes_"),
        ("**Does It End With a Question?**", "Does It End With a Question?"),
        ("🚀 **Rocket Title** 🚀", "Rocket Title"),
        ("[[paper](https://arxiv.org/abs/2401.00001)] something", ""),
        ("[paper](https://arxiv.org/abs/2401.00001)", ""),
    ],
)
def test_title_cleaning(line, title):
    entry = only(f"- {line}\n  [[x](https://arxiv.org/abs/2401.09999)]\n")
    assert entry.title == title


def test_clean_title_unescapes_html_and_markdown():
    assert clean_title("A &amp; B \\[C\\] &lt;D&gt;") == "A & B [C] <D>"


# --- topics -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, topic",
    [
        ("🔥 Reasoning 🧠", "Reasoning"),
        ("1. Survey Papers", "Survey Papers"),
        ("2.3 Sparse Attention", "Sparse Attention"),
        ("2.1.1 Task-oriented Deployment", "Task-oriented Deployment"),
        ("IV. Benchmarks", "Benchmarks"),
        ("Benchmarks (12)", "Benchmarks"),
        ("Benchmarks [3 papers]", "Benchmarks"),
        ("📖LLM Train/Inference Framework ([©️back👆🏻](#paperlist))", "LLM Train/Inference Framework"),
        ("[Agents](https://example.com) and **Tools**", "Agents and Tools"),
        ("<i>An Emergent</i> `Ability`", "An Emergent Ability"),
        ("2024", "2024"),
        ("2020 and before", "2020 and before"),
    ],
)
def test_topic_cleaning(heading, topic):
    assert clean_topic(heading) == topic


@pytest.mark.parametrize(
    "heading",
    [
        "Table of Contents",
        "🗂️ Contents",
        "Contributing",
        "Citation",
        "License",
        "Star History",
        "Acknowledgements",
        "Acknowledgement",
    ],
)
def test_chrome_headings_give_no_topic_and_drop_their_entries(heading):
    text = f"## {heading}\n\n- **T** [[paper](https://arxiv.org/abs/2401.00001)]\n"
    assert read_generic(text).entries == []


def test_an_html_heading_is_a_topic():
    assert only('<h2 id="x">🤖 Agents</h2>\n\n- **T** [[paper](https://arxiv.org/abs/2401.00001)]\n').topic == "Agents"


# --- dates and venues -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date",
    [
        ("2024.05", "2024-05"),
        ("2024/05", "2024-05"),
        ("[2023/10]", "2023-10"),
        ("2023-10-05", "2023-10-05"),
        ("2023.1", "2023-01"),
        ("Oct 2023", "2023-10"),
        ("October 5, 2023", "2023-10-05"),
        ("12 Jun 2017", "2017-06-12"),
        ("12/2021", "2021-12"),
        ("8/23/2023", "2023-08-23"),
        ("arXiv 2023.08", "2023-08"),
        ("ICLR 2025", "2025"),
        ("2402.12345", None),
        ("arXiv:2012.12345", None),
        ("2023-13", "2023"),
        ("1989.05", None),
        ("2024-02-30", "2024"),
        ("no date here", None),
    ],
)
def test_date_parsing(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text, venue",
    [
        ("NeurIPS 2024", "NeurIPS 2024"),
        ("NIPS 2017", "NeurIPS 2017"),
        ("ICLR'25", "ICLR 2025"),
        ("[ACL 2023]", "ACL 2023"),
        ("*EMNLP 2023*", "EMNLP 2023"),
        ("EMNLP 2023 Findings", "EMNLP 2023"),
        ("ICLR-2025", "ICLR 2025"),
        ("NeurIPS2025", "NeurIPS 2025"),
        ("CVPR24", "CVPR 2024"),
        ("naacl 2019", "NAACL 2019"),
        ("COLM 2025", "COLM 2025"),
        ("TMLR 2023", "TMLR 2023"),
        ("arXiv 2023", None),
        ("NAACL", None),
        ("ORACLE 2023", None),
    ],
)
def test_venue_parsing(text, venue):
    assert parse_venue(text) == venue


def test_a_venue_badge_gives_venue_and_year():
    entry = only(
        "- **T** [[paper](https://arxiv.org/abs/2401.00001)] ![](https://img.shields.io/badge/ICLR-2025-blue)\n"
    )
    assert (entry.date, entry.venue) == ("2025", "ICLR 2025")


def test_a_year_in_the_title_is_not_the_date():
    assert only("- **Benchmarks of 2019** [[paper](https://arxiv.org/abs/2401.00001)]\n").date is None


# --- robustness -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_no_text_makes_the_reader_raise(text):
    result = read_generic(text)
    assert not any("could not be read" in reason for _, reason in result.skipped)


MARKUP = st.sampled_from(
    [
        "- ",
        "* ",
        "1. ",
        "  ",
        "    ",
        "|",
        "|---|",
        "\n",
        "\n\n",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "**",
        "*",
        "`",
        "```",
        "~~~",
        "<!--",
        "-->",
        "<li>",
        "</li>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</table>",
        '<a href="',
        '">',
        "</a>",
        '<img src="',
        "# ",
        "### ",
        "<h2>",
        "</h2>",
        "=======",
        "<<<<<<< HEAD",
        "https://arxiv.org/abs/2401.00001",
        "https://github.com/a/b",
        "https://img.shields.io/badge/arXiv-2402.12345-red",
        "https://img.shields.io/badge/ICLR-2025-blue",
        "Title",
        "2024.05",
        "NeurIPS 2024",
        "&amp;",
        "&nbsp;",
        "🔥",
        "\\",
        '"',
        "Paper:",
        "Keywords:",
        "#anchor",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKUP, max_size=80).map("".join))
def test_no_markup_soup_makes_the_reader_raise(text):
    result = read_generic(text)
    assert not any("could not be read" in reason for _, reason in result.skipped)
    for entry in result.entries:
        assert entry.line >= 1
        assert all(link.url.startswith(("http://", "https://")) for link in entry.links)
        assert len({link.url for link in entry.links}) == len(entry.links)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,
        "](" * 50_000,
        "- " + "[x](" * 20_000,
        "<a href='x'>" * 20_000,
        "|" * 50_000 + "\n|---|\n" + "|" * 50_000,
        "- **" + "a" * 200_000,
        "<!--" * 10_000,
        "x" * 1_000_000,
    ],
    ids=[
        "brackets",
        "bracket-parens",
        "unclosed-links",
        "unclosed-anchors",
        "wide-table",
        "bold-run",
        "comments",
        "long-line",
    ],
)
def test_huge_or_unbalanced_lines_are_read_without_error(text):
    # How long these take is measured in benchmarks/reader_bench.py.
    result = read_generic(text)
    assert not any("could not be read" in reason for _, reason in result.skipped)


def synthetic_list(sections: int = 300) -> str:
    """Five entries a section, one in each layout: 1,500 entries for 300 sections."""
    parts = []
    for n in range(sections):
        parts.append(f"## Section {n}\n")
        parts.append(
            f"- **Paper {n} A** *Some Author et al.* [[paper](https://arxiv.org/abs/2401.{n:05d})] "
            f"[[code](https://github.com/a/b{n})], 2024.01"
        )
        parts.append(f"1. [Paper {n} B](https://arxiv.org/abs/2402.{n:05d}) Ada Lovelace. NeurIPS 2024.")
        parts.append(
            f"- [Paper {n} C](https://openreview.net/forum?id=x{n})\n  - Ada Lovelace\n"
            f"  - Code: [official](https://github.com/c/d{n})"
        )
        parts.append(
            f"\n|Date|Title|Paper|\n|---|---|---|\n|2023.05|[X] Paper {n} D(@Org)|"
            f"[[pdf]](https://arxiv.org/pdf/2305.{n:05d}.pdf)|\n"
        )
        parts.append(
            f'<li><i><b>Paper {n} E</b></i>, A et al., <a href="https://arxiv.org/abs/2303.{n:05d}">'
            '<img src="https://img.shields.io/badge/arXiv-2023.08-red"></a></li>\n'
        )
    return "\n".join(parts)


def test_a_list_of_1500_entries_in_five_layouts_reads_every_entry():
    result = read_generic(synthetic_list())
    assert len(result.entries) == 1500
    assert {e.topic for e in result.entries} == {f"Section {n}" for n in range(300)}


# --- layouts met in real lists --------------------------------------------------------------------


def test_a_table_of_contents_ends_at_the_next_heading_of_any_level():
    text = "## Contents\n- [Vision](#vision)\n\n### Vision\n- **A Vision Paper** [[pdf]](https://arxiv.org/abs/2401.00001)\n"
    assert [(e.title, e.topic) for e in read_generic(text).entries] == [("A Vision Paper", "Vision")]


def test_a_heading_that_is_a_link_to_its_own_anchor_is_its_link_text():
    text = "## [Models](#content)\n1. **A Model Paper.** ICLR 2020. [paper](https://arxiv.org/abs/2401.00003)\n"
    assert only(text).topic == "Models"


def test_a_year_heading_is_no_topic_of_its_own():
    text = (
        "## Driving\n### 2024\n- [A Driving Paper](https://arxiv.org/abs/2401.00011)\n"
        "## 2023\n- [An Older Paper](https://arxiv.org/abs/2301.00011)\n"
    )
    assert [(e.title, e.topic) for e in read_generic(text).entries] == [
        ("A Driving Paper", "Driving"),
        ("An Older Paper", None),
    ]


def test_entries_under_credits_are_dropped():
    text = "## Credits\n- Thanks to [Leo](https://github.com/leo) for adding [a paper](https://arxiv.org/abs/2401.00001).\n"
    assert read_generic(text).entries == []


def test_a_short_name_before_a_quoted_full_title_gives_the_full_title():
    entry = only(
        '1. **FooLM**: "FooLM: An Open Language Model" [2024-01] [[paper](https://arxiv.org/abs/2401.00004)] '
        "[[repo](https://github.com/x/foolm)]\n"
    )
    assert (entry.title, entry.date) == ("FooLM: An Open Language Model", "2024-01")
    assert [(link.kind, link.url) for link in entry.links] == [
        ("paper", "https://arxiv.org/abs/2401.00004"),
        ("code", "https://github.com/x/foolm"),
    ]


def test_a_numbered_reference_gives_its_quoted_title():
    text = (
        '**[1]** Doe, Jane, and John Roe. "**A Survey of Deep Things**." Nature 1.2 (2015): 3-4. '
        "[[pdf]](https://arxiv.org/abs/1501.00001)\n\n"
        '[2] Roe, John. "A Plain-Quoted Title." arXiv preprint (2015). [[pdf]](https://arxiv.org/abs/1511.05641)\n'
    )
    assert [(e.title, e.date) for e in read_generic(text).entries] == [
        ("A Survey of Deep Things", "2015"),
        ("A Plain-Quoted Title", "2015"),
    ]


def test_reference_style_links_are_read_like_inline_ones():
    text = (
        "## Models\n\n"
        "- [A Reference-Style Paper][1] - Jane Doe, NeurIPS 2023\n"
        "- [Another Title][GPT] [[code]][gpt-code]\n"
        "- [A Shortcut Reference]\n\n"
        "[1]: https://arxiv.org/abs/2305.12345\n"
        '[gpt]: <https://arxiv.org/abs/2303.08774> "Optional title"\n'
        "[gpt-code]: https://github.com/example/gpt\n"
        "[a shortcut reference]: https://arxiv.org/abs/2301.00002\n"
    )
    result = read_generic(text)
    assert [(e.line, e.title, [(link.kind, link.url) for link in e.links]) for e in result.entries] == [
        (3, "A Reference-Style Paper", [("paper", "https://arxiv.org/abs/2305.12345")]),
        (
            4,
            "Another Title",
            [("paper", "https://arxiv.org/abs/2303.08774"), ("code", "https://github.com/example/gpt")],
        ),
        (5, "A Shortcut Reference", [("paper", "https://arxiv.org/abs/2301.00002")]),
    ]


def test_an_arxiv_id_written_as_text_is_a_paper_link():
    text = "- **A Paper Without Links** arXiv:2401.00009\n- **An Old One** CoRR abs/1510.00149 (2015)\n"
    assert [[link.url for link in e.paper_links] for e in read_generic(text).entries] == [
        ["https://arxiv.org/abs/2401.00009"],
        ["https://arxiv.org/abs/1510.00149"],
    ]


def test_a_bold_title_over_labelled_links_is_one_entry():
    text = (
        "# Detection\n\n**A Detector Title**\n\n- 论文：https://arxiv.org/abs/2401.00006\n- 代码：https://github.com/x/detector\n\n"
        "**Another Detector**\n- Paper: [arXiv](https://arxiv.org/abs/2401.00007)\n- Code: None\n"
    )
    assert [(e.line, e.title, e.topic, [link.kind for link in e.links]) for e in read_generic(text).entries] == [
        (3, "A Detector Title", "Detection", ["paper", "code"]),
        (8, "Another Detector", "Detection", ["paper"]),
    ]


def test_a_heading_per_paper_with_its_authors_below_is_the_title():
    text = (
        "## Driving\n### 1. A Paper Whose Title Is A Heading\n**Authors**: Jane Doe, John Roe\n\n"
        "  [📄 Paper](https://arxiv.org/pdf/2401.00005.pdf) | [💻 Code](https://github.com/x/y)\n"
    )
    entry = only(text)
    assert (entry.title, entry.topic) == ("A Paper Whose Title Is A Heading", "Driving")


def test_a_section_with_one_untitled_link_keeps_its_heading_as_topic():
    entry = only("## Large Language Model Surveys\n- [[paper]](https://arxiv.org/abs/2401.00001)\n")
    assert (entry.title, entry.topic) == ("", "Large Language Model Surveys")


def test_a_plain_title_ends_before_its_year_and_authors():
    text = (
        "- A plain title about memory (1997), J. Doe and J. Roe. [[pdf]](https://arxiv.org/pdf/1701.00007)\n"
        "- **A bold title with its year (2015)**, A. Author et al. [[pdf]](https://arxiv.org/pdf/1701.00008)\n"
    )
    assert [(e.title, e.date) for e in read_generic(text).entries] == [
        ("A plain title about memory", "1997"),
        ("A bold title with its year", None),
    ]


def test_an_item_whose_title_is_a_number_and_has_no_link_is_not_an_entry():
    assert read_generic("- **2016** :  +60 citations\n").entries == []


def test_a_linked_title_wins_over_a_one_word_name_column():
    text = (
        "| Name | Paper | Code |\n|---|---|---|\n"
        "| Foo-7B | [FooLM: An Open Language Model](https://arxiv.org/abs/2401.00010) | [GitHub](https://github.com/x/foo) |\n"
    )
    assert only(text).title == "FooLM: An Open Language Model"


def test_a_bold_title_over_labelled_link_lines_with_blank_lines_between_is_one_entry():
    text = "**A Pyramid Title**\n\n论文：https://arxiv.org/abs/2005.03101\n\n代码：https://github.com/x/sepc\n"
    entry = only(text)
    assert (entry.title, [link.kind for link in entry.links]) == ("A Pyramid Title", ["paper", "code"])


def test_year_headings_at_the_level_of_their_topic_keep_it():
    text = (
        "## Autonomous Driving:\n## 2024:\n### 1. A Street Paper Title\n**Authors**: A. B\n\n"
        "[📄 Paper](https://arxiv.org/pdf/2401.01339.pdf)\n\n"
        "## 2023:\n- [A Driving Paper From 2023](https://arxiv.org/abs/2312.07920)\n"
        "## Avatars\n- [An Avatar Paper](https://arxiv.org/abs/2312.00002)\n"
    )
    assert [(e.title, e.topic) for e in read_generic(text).entries] == [
        ("A Street Paper Title", "Autonomous Driving"),
        ("A Driving Paper From 2023", "Autonomous Driving"),
        ("An Avatar Paper", "Avatars"),
    ]


def test_prose_that_links_a_paper_by_its_title_is_titled_by_the_link():
    text = "This is the repo for our [TMLR](https://jmlr.org/tmlr/) survey [A Survey on Code Models](https://arxiv.org/abs/2311.07989).\n"
    assert only(text).title == "A Survey on Code Models"


def test_the_first_heading_over_deeper_sections_is_the_lists_title_not_a_topic():
    text = (
        "# Awesome-Things\n- [A Paper Under The Title](https://arxiv.org/abs/2401.00001)\n"
        "## Surveys\n- [A Survey Paper](https://arxiv.org/abs/2401.00002)\n"
    )
    assert [(e.title, e.topic) for e in read_generic(text).entries] == [
        ("A Paper Under The Title", None),
        ("A Survey Paper", "Surveys"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Presents a method that makes models smaller without retraining; strong results.",
        "GoogleAI introduces Muse, a new text-to-image model based on masked transformers.",
        "ConvNeXt V2 is a performant model based on a fully convolutional masked autoencoder.",
    ],
)
def test_a_description_in_place_of_a_title_leaves_the_title_to_the_link(text):
    entry = only(f"1. {text}\n  - https://arxiv.org/abs/2301.00774\n")
    assert (entry.title, [link.url for link in entry.paper_links]) == ("", ["https://arxiv.org/abs/2301.00774"])


def test_a_plain_title_is_kept_as_written():
    entry = only("- Language Models Are Few-Shot Learners [pdf](https://arxiv.org/abs/2005.14165)\n")
    assert entry.title == "Language Models Are Few-Shot Learners"


def test_an_html_table_cell_spanning_rows_keeps_the_columns_in_place():
    text = (
        "<table>\n<tr><th>Group</th><th>Method</th><th>Paper</th></tr>\n"
        '<tr><td rowspan="2">Losses</td><td>Mixup</td><td><a href="https://arxiv.org/abs/1710.09412">A Mixup Title</a></td></tr>\n'
        '<tr><td>Generalized Cross Entropy</td><td><a href="https://arxiv.org/abs/1805.07836">A Loss Title</a></td></tr>\n'
        "</table>\n"
    )
    assert [e.title for e in read_generic(text).entries] == ["A Mixup Title", "A Loss Title"]
