"""Judges rate advice: model judges through shipped rubrics, and people through CSV files."""
