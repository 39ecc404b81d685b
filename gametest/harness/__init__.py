"""Running games in bulk: seeded batches, seat rotation, worker processes, result records."""
