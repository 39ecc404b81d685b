"""The data behind the game viewer: one frame per turn, built by replaying a game record."""

from __future__ import annotations

from typing import Any

from gametest.engine.decision import Decision
from gametest.engine.registry import get_game
from gametest.players.compliance import GAIN_KINDS, same_pick
from gametest.viewer.snapshots import DecisionTrace, GameTrace, SeatSnapshot, trace_game
from gametest.viewer.sources import ViewSource, prompt_key


def _public(state: Any) -> dict[str, Any]:
    """What everyone sees: the game's public zones plus each seat's hand and pile sizes."""
    out = state.public_info()
    out["hands"] = [[c.name for c in s.hand] for s in state.seats]
    out["decks"] = [len(s.deck) for s in state.seats]
    out["discards"] = [len(s.discard) for s in state.seats]
    return out


class _Annotator:
    """Notes compliance with the compiled advice and the LLM's prompt, answer and reason."""

    def __init__(self, src: ViewSource) -> None:
        self.src = src
        game = get_game(src.record["game"])
        self.policy = game.policy(src.strategy) if src.strategy is not None else None
        self.reasons: dict[int, list[dict[str, Any]]] = {}
        for seat, extra in (src.record.get("extra", {}).get("players") or {}).items():
            self.reasons[int(seat)] = list(extra.get("reasons") or [])

    def __call__(self, view: Any, d: Decision, picks: tuple[int, ...], dt: DecisionTrace) -> None:
        src = self.src
        if self.policy is not None and d.seat == src.advice_seat and d.kind in GAIN_KINDS:
            expected = tuple(self.policy.decide(view, d))
            dt.note["compliance"] = {
                "expected": [d.options[i] for i in expected],
                "matched": same_pick(d, expected, picks),
            }
        if d.seat in src.llm_seats:
            llm = self._llm(view, d, picks)
            if llm:
                dt.note["llm"] = llm

    def _llm(self, view: Any, d: Decision, picks: tuple[int, ...]) -> dict[str, Any]:
        """The recorded reason for this decision, or the logged call that asked it."""
        out: dict[str, Any] = {}
        queue = self.reasons.get(d.seat) or []
        chosen = [d.options[i] for i in picks]
        if queue and queue[0].get("kind") == d.kind and queue[0].get("choice") == chosen:
            r = queue.pop(0)
            if r.get("turn") in (None, view.turn):
                out["reason"] = r.get("reason")
        if self.src.llm_calls:
            from gametest.prompts.answer import AnswerError, parse_answer
            from gametest.prompts.decision import render_decision, single_outcome
            from gametest.prompts.view import render_view as render

            compact = self.src.llm_prompt == "compact"
            mine = render(view, compact) + "\n\n" + render_decision(d, view, self.src.llm_reason)
            calls = self.src.llm_calls.get(prompt_key(mine))
            if calls:
                prompt, answer = calls[0]
                for p, text in calls:  # the same prompt in another game may have had another reply
                    try:
                        got, reason = parse_answer(d, None, text)
                    except AnswerError:
                        continue
                    if sorted(got) == sorted(picks):
                        prompt, answer = p, text
                        if reason:
                            out["reason"] = reason
                        break
                out["prompt"] = prompt
                out["answer"] = answer
                out["summary"] = " ".join(
                    ln for ln in prompt.splitlines() if ln.startswith(("Hand:", "Decision:"))
                )
            elif single_outcome(d):
                out["note"] = "answered without asking the model (one possible outcome)"
            else:
                out["note"] = "no logged call has this decision's prompt"
        return out


def _seat(s: SeatSnapshot, pub: dict[str, Any], i: int) -> dict[str, Any]:
    return {
        "score": s.score,
        "cards": s.cards,
        "money": s.money,
        "owned": {k: v for k, v in sorted(s.owned.items()) if v},
        "hand": pub["hands"][i],
        "deck": pub["decks"][i],
        "discard": pub["discards"][i],
    }


def _decision(dt: DecisionTrace, names: list[str]) -> dict[str, Any]:
    d = dt.decision
    out: dict[str, Any] = {
        "seat": d.seat,
        "kind": d.kind,
        "card": d.card,
        "prompt": d.prompt,
        "options": list(d.options),
        "choice": [d.options[i] for i in dt.picks],
    }
    out.update(dt.note)
    return out


def build_view(src: ViewSource) -> dict[str, Any]:
    """Everything the viewer page shows, as JSON-ready data: one frame per turn."""
    rec = src.record
    game = get_game(f"{rec['game']}@{rec['version']}")
    tr: GameTrace = trace_game(rec, _public, _Annotator(src))
    names = list(rec["players"])
    fmt = game
    pub0 = tr.start_public
    frames: list[dict[str, Any]] = [
        {
            "label": "Start of the game",
            "seat": None,
            "turn": 0,
            "hand": [],
            "log": [f"P{rec['first'] + 1} {names[rec['first']]} goes first."],
            "decisions": [],
            "seats": [_seat(s, pub0, i) for i, s in enumerate(tr.start)],
            "public": {k: v for k, v in pub0.items() if k not in ("hands", "decks", "discards")},
        }
    ]
    for t in tr.turns:
        ev0, ev1 = t.events
        evs = tr.events[ev0:ev1]
        hand = list(evs[0][4]) if evs and evs[0][2] == "turn" else []
        body = evs[1:] if evs and evs[0][2] == "turn" else evs
        lines = fmt.format_log(list(body), names)
        frames.append(
            {
                "label": f"P{t.seat + 1} {names[t.seat]}, turn {t.turn}",
                "seat": t.seat,
                "turn": t.turn,
                "hand": hand,
                "log": [ln.strip() for ln in lines if ln.strip()],
                "decisions": [_decision(dt, names) for dt in tr.decisions[slice(*t.decisions)]],
                "seats": [_seat(s, t.public, i) for i, s in enumerate(t.seats)],
                "public": {
                    k: v for k, v in t.public.items() if k not in ("hands", "decks", "discards")
                },
            }
        )
    checked = [
        d["compliance"]["matched"] for f in frames for d in f["decisions"] if "compliance" in d
    ]
    return {
        "title": src.title,
        "game": f"{rec['game']}@{rec['version']}",
        "kingdom": list(rec["kingdom"]),
        "seed": rec["seed"],
        "players": names,
        "scores": rec["scores"],
        "winners": rec["winners"],
        "ended_by": rec["ended_by"],
        "advice_seat": src.advice_seat,
        "advice_text": src.advice_text,
        "strategy_source": src.strategy_source,
        "llm_seats": sorted(src.llm_seats),
        "compliance": ({"decisions": len(checked), "matched": sum(checked)} if checked else None),
        "frames": frames,
    }
