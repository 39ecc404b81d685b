"""The strategy optimizer: search, variation operators, racing, outputs."""
