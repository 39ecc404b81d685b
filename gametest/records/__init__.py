"""A run's records: one JSONL reader, content ids, and a dataclass per kind of line.

See results/README.md for the files; `lines.py` holds the typed form of each line.
"""
