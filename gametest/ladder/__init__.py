"""The advice ladder: strategies of measured, evenly spread strength, rendered in many styles."""
