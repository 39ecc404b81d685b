"""Advice: writing it with LLMs, a content-addressed store, compiling it, compliance."""
