"""Writing advice: templates, provenance, stable ids, the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from gametest.advice.templates import load_template, template_names
from gametest.advice.writer import AdviceOptions, write_advice
from gametest.engine.errors import UsageError
from gametest.engine.registry import get_game
from gametest.llm import make_client
from gametest.records.advice_store import AdviceStore, load_advice

GAME = get_game("dominion")
KINGDOM = GAME.parse_kingdom("first-game")


def test_shipped_templates_load_and_hash() -> None:
    assert {"plain", "expert-coach"} <= set(template_names())
    t = load_template("expert-coach")
    assert t.id == "expert-coach" and len(t.hash) == 64 and t.source == "builtin:expert-coach.toml"
    system, user = t.render(
        {
            "game": "Dominion",
            "players": "2",
            "kingdom": "x",
            "card_rules": "RULES",
            "max_words": "99",
        }
    )
    assert "expert Dominion coach" in system and "RULES" in user and "99 words" in user
    with pytest.raises(UsageError, match=r"unknown advice template 'plane'.*plain"):
        load_template("plane")


def test_user_templates(tmp_path: Path) -> None:
    md = tmp_path / "mine.md"
    md.write_text('Advise on {kingdom} in {max_words} words. Reply like {"a": 1}.')
    t = load_template(str(md))
    assert t.id == "mine" and t.system == "" and t.source == str(md.resolve())
    bad = tmp_path / "bad.toml"
    bad.write_text('user = "About {kingdoms}"')
    with pytest.raises(UsageError, match=r"unknown placeholder \{kingdoms\}"):
        load_template(str(bad)).render({"kingdom": "k"})


def test_advice_has_complete_provenance_and_stable_ids(isolated: Path) -> None:
    store = AdviceStore()
    opts = AdviceOptions(max_words=50, temperature=0.5, seed=10)
    tmpl = load_template("plain")
    with make_client("scripted:random") as client:
        recs = write_advice(client, GAME, KINGDOM, tmpl, 3, opts, store)
    ids = [r["id"] for r in recs]
    assert len(set(ids)) == 3 and sorted(ids) == store.ids()
    assert store.root == isolated
    prov = recs[1]["provenance"]
    assert prov["backend"] == "scripted:random" and prov["model"] == "scripted-random"
    assert prov["template"] == {"id": "plain", "hash": tmpl.hash, "source": "builtin:plain.toml"}
    assert prov["options"] == {
        "max_words": 50,
        "temperature": 0.5,
        "max_tokens": 164,
        "seed": 10,
        "players": 2,
    }
    assert (prov["sample"], prov["seed"]) == (1, 11)
    assert prov["tokens"]["prompt"] > 0 and prov["tokens"]["completion"] > 0
    assert {"prompt_hash", "created", "finish_reason", "gametest"} <= set(prov)
    assert recs[0]["kingdom"] == KINGDOM and recs[0]["game"] == "dominion"
    # the same run again gives the same ids (the store is idempotent)
    with make_client("scripted:random") as client:
        again = write_advice(client, GAME, KINGDOM, tmpl, 3, opts, store)
    assert [r["id"] for r in again] == ids
    assert store.get(ids[0][:6])["text"] == recs[0]["text"]


def test_prompt_carries_the_kingdom_rules() -> None:
    with make_client("scripted:echo") as client:
        rec = write_advice(
            client,
            GAME,
            KINGDOM,
            load_template("plain"),
            1,
            AdviceOptions(max_words=80),
            AdviceStore(),
        )[0]
    echoed = rec["provenance"].get("original_text", rec["text"])  # the prompt, uncut
    for card in KINGDOM:
        assert GAME.describe_card(card) in echoed
    assert "at most 80 words" in echoed
    # the echoed prompt is far over 80 words: cut at a boundary, original length recorded
    assert rec["word_limit"]["word_limit"] == "truncated" and rec["words"] <= 80
    assert rec["word_limit"]["original_words"] == len(echoed.split()) > 80
    sent = client.backend.requests[0]
    assert sent.options.max_tokens == 224 and sent.options.temperature == 0.7


def test_load_advice_from_text_file_and_unknown_id(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Buy Gold.\n")
    rec = load_advice(str(f), kingdom=KINGDOM)
    assert rec["text"] == "Buy Gold." and rec["kingdom"] == KINGDOM and len(rec["id"]) == 12
    assert load_advice(str(f))["id"] == rec["id"]
    with pytest.raises(UsageError, match="advice 'abcdef' is not in the store"):
        load_advice("abcdef")
