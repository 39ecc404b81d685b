"""What models are shown: card rules, the Supply, a seat's view, one decision; and their answers.

Shared by advice writers, judges and LLM players, so none of them imports another.
"""
